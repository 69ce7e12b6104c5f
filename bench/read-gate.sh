#!/usr/bin/env bash
# The reads' statement gate (Spatial:Work:Reads:Concurrency) and the filtered pages' indexes (schema 013), measured as
# bench/compare measures Spatial: Release, one process, Spatial__Cache__MaxBytes=0, wrk -t2 -c16 over a list of paths.
# Variants run back to back within a round, rounds repeat, so a change in the machine's load falls on all of them.
# Needs bench/compare's cluster (started), databases and path lists. One line per run on stdout; results in bench/results/read-gate.md.
#
#   BENCH_DIR=/work/main/.local/bench bench/read-gate.sh "100000:spatial_bench_100000:40 100000:spatial_bench_100000:8 …"
#
# A variant is size:database:concurrency (lookups and, as many again, pages: the pool is sized for both); a database whose name ends in _readpath (a copy) is migrated at start (schema 013),
# the others are served as they are (ApplyMigrationsOnStartup off: the bench's databases are never changed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH_DIR:-$root/.local/bench}
pg_port=${BENCH_PG_PORT:-55490}
api_port=${BENCH_API_PORT:-5283}
rounds=${BENCH_ROUNDS:-3}
seconds=${BENCH_SECONDS:-6}
lists=${BENCH_LISTS:-id bbox filter counties}
password=$(cat "$bench/pg/password")
paths=${BENCH_PATHS:-$bench/run/paths}
scratch=$(mktemp -d)
api_pid=''
trap '[ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null; rm -rf "$scratch"' EXIT

psql_on() { PGPASSWORD=$password psql -X -qAt -h 127.0.0.1 -p "$pg_port" -U postgres -d "$1" -c "$2"; }

# Paths per size: the id list drawn from that size's projects (fixed seed); bbox and filter lists as bench/compare made
# them; "counties": the first page of every county that has projects, the sparse ones too, and one with none.
make_lists() { # size database
  local dir=$scratch/$1
  [ -d "$dir" ] && return 0
  mkdir -p "$dir"
  psql_on "$2" "SELECT setseed(0.13); SELECT '/collections/projects/items/' || id FROM projects ORDER BY random() LIMIT 2000" | tail -n +2 > "$dir/id"
  cp "$paths/spatial.bbox" "$dir/bbox"
  cp "$paths/spatial.filter" "$dir/filter"
  { psql_on "$2" "SELECT DISTINCT '/collections/projects/items?county_code=' || county_code || '&limit=100' FROM projects WHERE county_code IS NOT NULL"
    echo "/collections/projects/items?county_code=239999&limit=100"; } > "$dir/counties"
}

start_api() { # database concurrency migrate
  (cd "$root/src/Spatial.Api" &&
    Spatial__Cache__MaxBytes=0 Spatial__Work__Reads__Concurrency=$2 Spatial__Work__Reads__Connections=$((2 * $2 + 8)) Spatial__ApplyMigrationsOnStartup=$3 \
    ConnectionStrings__Spatial="Host=127.0.0.1;Port=$pg_port;Database=$1;Username=postgres;Password=$password" \
    exec dotnet bin/Release/net10.0/Spatial.Api.dll --urls "http://127.0.0.1:$api_port") > "$scratch/api.log" 2>&1 &
  api_pid=$!
  local ready=/health
  [ "$3" = true ] && ready=/health/ready
  for _ in $(seq 120); do
    curl -fsS --max-time 2 -o /dev/null "http://127.0.0.1:$api_port$ready" 2>/dev/null && return 0
    sleep 1
  done
  cat "$scratch/api.log" >&2
  return 1
}

stop_api() { kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; api_pid=''; }

metric() { curl -fsS "http://127.0.0.1:$api_port/metrics" | awk -v n="$1" '$1 == n { print $2 }'; }

for round in $(seq "$rounds"); do
  for variant in $1; do
    IFS=: read -r size database concurrency <<< "$variant"
    make_lists "$size" "$database"
    migrate=false; case $database in *_readpath) migrate=true ;; esac
    start_api "$database" "$concurrency" "$migrate"
    for list in $lists; do
      base=http://127.0.0.1:$api_port
      wrk -t2 -c16 -d2s -s "$root/bench/wrk/paths.lua" "$base" -- "$scratch/$size/$list" > /dev/null 2>&1 || true
      waits0=$(metric spatial_read_statement_waits_total); wait0=$(metric spatial_read_statement_wait_seconds_total)
      result=$(wrk -t2 -c16 -d"${seconds}s" --timeout 10s --latency -s "$root/bench/wrk/paths.lua" "$base" -- "$scratch/$size/$list" | grep '^RESULT ')
      waits1=$(metric spatial_read_statement_waits_total); wait1=$(metric spatial_read_statement_wait_seconds_total)
      echo "round=$round size=$size db=$database concurrency=$concurrency list=$list ${result#RESULT } waited=$(awk -v a="$waits0" -v b="$waits1" 'BEGIN{print b-a}') wait_s=$(awk -v a="$wait0" -v b="$wait1" 'BEGIN{printf "%.2f", b-a}') load=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /)"
    done
    stop_api
  done
done
