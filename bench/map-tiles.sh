#!/usr/bin/env bash
# Times the map over 100 000 projects in headless Chromium (Playwright): load to ready, to every tile drawn,
# requests and elements, and frame times of a scripted pan and zoom. By hand, never in CI; bounded (a few runs).
# Its own cluster (.local/bench-maptiles/pg, port BENCH_PG_PORT, default 55493) and a database made once with the
# fixed-seed generator of bench/compare, kept while the generator, schema and gisdata/ are unchanged.
# Usage: bench/map-tiles.sh [runs]   (default 3; BENCH_PROJECTS, default 100000; BENCH_API_PORT, default 5193)
# BENCH_MAP_PROFILE=1: each run also profiles the moves (CPU profile per function, zoom ends split into script and
# rendering); sampling slows the page, so those runs time nothing comparable.
# BENCH_MAP_FLOOR=1: the floor instead (map-floor): the same moves on a bare Leaflet map and on the map with all, then
# each group of its layers switched off, and as it is, alternated; [runs] is then the number of rounds (with
# BENCH_MAP_PROFILE=1 too, each run profiled); BENCH_MAP_VARIANTS="real, tiles only;real" runs only those variants.
# Spatial__WebRoot=DIR serves another web/ (a branch's, to compare with this one's).
set -euo pipefail
runs=${1:-3}
projects=${BENCH_PROJECTS:-100000}
port=${BENCH_API_PORT:-5193}
export SPATIAL_PG_PORT=${BENCH_PG_PORT:-55493}
root=$(cd "$(dirname "$0")/.." && pwd)
export SPATIAL_PG_DIR=$root/.local/bench-maptiles/pg
source "$root/scripts/lib/bootstrap.sh"
[[ $runs =~ ^[1-9][0-9]?$ && $projects =~ ^[1-9][0-9]*$ ]] || fail "runs: 1–99, BENCH_PROJECTS: a whole number"

api=''
cluster_started=''
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [ -n "$api" ] && kill "$api" 2>/dev/null && wait "$api" 2>/dev/null
  [ -n "$cluster_started" ] && pg_as_owner "$SPATIAL_PG_BIN/pg_ctl" -D "$SPATIAL_PG_HOME/data" stop -m fast >/dev/null 2>&1
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_packages /usr/bin/chromium=chromium /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc=fonts-noto-cjk
ensure_web_packages
SPATIAL_PG_HOME=$(cluster_home)
cluster_running || cluster_started=1
start_cluster
say "building Spatial and the bench (Release)"
(cd "$root" && dotnet build src/Spatial.Cli/Spatial.Cli.csproj -c Release -v q -nologo >&2 && dotnet build bench/Spatial.Bench -c Release -v q -nologo >&2)

db=spatial_bench_maptiles
mark="bench/map-tiles projects=$projects fingerprint=$(cd "$root" && find bench/load/synthetic-projects.sql src/Spatial.Api/Data/Schema gisdata -type f -print0 | sort -z | xargs -0 md5sum | md5sum | cut -c1-16)"
if [ "$(admin_psql -d postgres -tAc "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$db'")" != "$mark" ]; then
  say "dataset: schema, gisdata/, $projects synthetic projects"
  admin_psql -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  ensure_database "$db"
  cli() { (cd "$root" && ConnectionStrings__Spatial=$(connection_string "$db") dotnet src/Spatial.Cli/bin/Release/net10.0/spatial.dll "$@"); }
  cli migrate >&2
  cli load-gisdata >&2
  admin_psql -d "$db" -v first=1 -v last="$projects" -v seed=0.01 -f "$root/bench/load/synthetic-projects.sql" >/dev/null
  admin_psql -d "$db" -c "VACUUM ANALYZE projects" >/dev/null
  admin_psql -d postgres -c "COMMENT ON DATABASE $db IS '$mark'" >/dev/null
fi

port_in_use "$port" && fail "port $port is taken; set BENCH_API_PORT"
(cd "$root/src/Spatial.Api" && ConnectionStrings__Spatial=$(connection_string "$db") exec dotnet bin/Release/net10.0/Spatial.Api.dll \
  --urls "http://127.0.0.1:$port" >"$root/.local/bench-maptiles/api.log" 2>&1) &
api=$!
for _ in $(seq 1 120); do curl -fsS --max-time 2 "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -fsS --max-time 2 "http://127.0.0.1:$port/health/ready" >/dev/null || fail "the API did not become ready (see .local/bench-maptiles/api.log)"

mode=map-tiles
[ "${BENCH_MAP_FLOOR:-}" = 1 ] && mode=map-floor
say "$mode: map over $projects projects, $runs runs (Chromium $(chromium --version 2>/dev/null | awk '{print $2}'), $(nproc) cores)"
(cd "$root" && dotnet bench/Spatial.Bench/bin/Release/net10.0/Spatial.Bench.dll "$mode" "http://127.0.0.1:$port" "$runs")
