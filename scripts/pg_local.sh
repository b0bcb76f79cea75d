# Sourced by verification and benchmark scripts: starts a throw-away PostgreSQL (+ PostGIS,
# pgRouting when installed) from Debian's packages on a Unix socket in a temp folder, as the
# postgres user (initdb refuses root), and stops it on exit. Sets PGHOST, PGPORT, PGUSER, PG_DSN.
pg_local_start() {
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PG_TMP=$(mktemp -d /tmp/huxiao-pg.XXXXXX)
  chown postgres "$PG_TMP"
  runuser -u postgres -- "$bin/initdb" -D "$PG_TMP/data" -A trust -E UTF8 >/dev/null
  runuser -u postgres -- "$bin/pg_ctl" -D "$PG_TMP/data" -o "-k $PG_TMP -p 54329 -c listen_addresses='' -c fsync=off -c shared_buffers=512MB -c work_mem=256MB" -w start >/dev/null
  export PGHOST="$PG_TMP" PGPORT=54329 PGUSER=postgres PGDATABASE=postgres
  export PG_DSN="PG:host=$PG_TMP port=54329 user=postgres dbname=postgres"
  trap pg_local_stop EXIT
  psql -q -c "CREATE EXTENSION IF NOT EXISTS postgis;" >/dev/null
}
pg_local_stop() {
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  [ -n "${PG_TMP:-}" ] && runuser -u postgres -- "$bin/pg_ctl" -D "$PG_TMP/data" -m fast stop >/dev/null 2>&1 || true
  [ -n "${PG_TMP:-}" ] && rm -rf "$PG_TMP"
}
