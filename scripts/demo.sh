#!/usr/bin/env bash
# Sets up, builds and runs the main job on the bundled demo: the synthetic county from
# `huxiao demo`, imported through scenarios/demo.yaml. Outputs land in out/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--no-install" ]; then bash scripts/install-deps.sh; fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "${HUXIAO_JOBS:-2}" --target huxiao
mkdir -p out
build/engine/huxiao demo -o out/demo.gpkg
build/engine/huxiao run scenarios/demo.yaml
echo "open out/demo-scenario.gpkg in QGIS; reports are in out/demo/"
