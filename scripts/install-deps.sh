#!/usr/bin/env bash
# Installs everything huxiao needs to build, test and benchmark, from Debian's archive only.
# Idempotent and non-interactive: safe to run on every CI start.
#   usage: scripts/install-deps.sh [--peers]
set -euo pipefail

packages=(
  # toolchain
  cmake g++ pkg-config ninja-build clang-format
  # geospatial core
  libgdal-dev gdal-bin libgeos-dev libproj-dev proj-bin libeigen3-dev
  # engine libraries
  libyaml-cpp-dev libcli11-dev nlohmann-json3-dev libspdlog-dev libfmt-dev libtbb-dev
  libosmium2-dev libprotozero-dev coinor-libcbc-dev coinor-cbc libboost-dev
  # viewer
  libglfw3-dev libimgui-dev libstb-dev libgl-dev libgl1-mesa-dri libepoxy-dev
  xvfb xauth fonts-noto-cjk
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev sqlite3 libsqlite3-dev osmium-tool bc time
)

# The peers that verification and benchmark scripts compare against; not needed to build or
# test: `scripts/install-deps.sh --peers`.
if [ "${1:-}" = "--peers" ]; then
  packages+=(python3-geopandas python3-rtree python3-yaml python3-gdal python3-networkx
             postgresql-15-postgis-3 postgresql-15-pgrouting)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
