#!/usr/bin/env bash
# CPU time per request of one Release Spatial process under wrk (-t2 -c16, bench/wrk/paths.lua), from /proc/<pid>/stat
# (utime+stime) before and after the timed run, divided by the requests: a figure a loaded machine changes less than req/s.
# The PostgreSQL backends' CPU is summed alike (children of the cluster's postmaster), and the API's threads' context
# switches counted (/proc/<pid>/task/*/status; threads that ended during the run are missed). Variants run interleaved per round.
#
#   BENCH_DIR=/work/main/.local/bench bench/cpu-per-request.sh "base:/tmp/base/Spatial.Api.dll new:src/Spatial.Api/bin/Release/net10.0/Spatial.Api.dll" id bbox
#
# A variant is name:dll[:env=value,env=value]; lists are spatial.<list> of bench/compare's paths (BENCH_PATHS); a list
# "a+b" runs a wrk of 8 connections on each at once (CPU per request then over both).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH_DIR:-$root/.local/bench}
pg_port=${BENCH_PG_PORT:-55490}
api_port=${BENCH_API_PORT:-5248}
database=${BENCH_DATABASE:-spatial_bench_100000}
rounds=${BENCH_ROUNDS:-3}
seconds=${BENCH_SECONDS:-6}
paths=${BENCH_PATHS:-$bench/run/paths}
password=$(cat "$bench/pg/password")
variants=$1; shift
lists=${*:-id}
api_pid=''
log=$(mktemp)
trap '[ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null; rm -f "$log"' EXIT
tick_ms=$(awk -v h="$(getconf CLK_TCK)" 'BEGIN { print 1000 / h }')

cpu_of() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# Context switches of all the process's threads (voluntary: a thread parked for work or I/O; the others: preempted).
switches_of() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^(non)?voluntary_ctxt_switches/ { n += $2 } END { print n + 0 }'; }
postmaster=$(head -1 "$(PGPASSWORD=$password psql -X -qAt -h 127.0.0.1 -p "$pg_port" -U postgres -d "$database" -c 'SHOW data_directory')/postmaster.pid")
pg_cpu() { local t=0 c; for c in $(cat "/proc/$postmaster/task/$postmaster/children"); do t=$((t + $(cpu_of "$c"))); done; echo $t; }

start_api() { # dll env
  local envs=() e
  IFS=, read -ra envs <<< "${2:-}"
  # A variant's settings come last, so they win (BENCH_CONNECTION_EXTRA adds keywords to the connection string).
  (cd "$root/src/Spatial.Api" && exec env Spatial__Cache__MaxBytes=0 Spatial__ApplyMigrationsOnStartup=false \
    ConnectionStrings__Spatial="Host=127.0.0.1;Port=$pg_port;Database=$database;Username=postgres;Password=$password${BENCH_CONNECTION_EXTRA:-}" \
    "${envs[@]}" dotnet "$1" --urls "http://127.0.0.1:$api_port") > "$log" 2>&1 &
  api_pid=$!
  for _ in $(seq 120); do
    curl -fsS --max-time 2 -o /dev/null "http://127.0.0.1:$api_port/health" 2>/dev/null && return 0
    sleep 1
  done
  cat "$log" >&2; return 1
}
stop_api() { kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; api_pid=''; }

for round in $(seq "$rounds"); do
  for variant in $variants; do
    IFS=: read -r name dll envs <<< "$variant"
    case $dll in /*) ;; *) dll=$root/$dll ;; esac
    start_api "$dll" "$envs"
    for list in $lists; do
      base=http://127.0.0.1:$api_port
      for one in ${list//+/ }; do wrk -t2 -c16 -d3s -s "$root/bench/wrk/paths.lua" "$base" -- "$paths/spatial.$one" > /dev/null 2>&1 || true; done
      api0=$(cpu_of "$api_pid"); pg0=$(pg_cpu); sw0=$(switches_of "$api_pid")
      if [[ $list == *+* ]]; then
        # Two lists at once, 8 connections each (one wrk per list): what one kind of request does to the other's figures.
        for one in ${list//+/ }; do
          wrk -t1 -c8 -d"${seconds}s" --timeout 10s --latency -s "$root/bench/wrk/paths.lua" "$base" -- "$paths/spatial.$one" | grep '^RESULT ' | sed "s/^RESULT /RESULT $one: /" > "$log.$one" &
        done
        wait $(jobs -p | grep -v "^$api_pid$")
        result=$(for one in ${list//+/ }; do cat "$log.$one"; rm -f "$log.$one"; done | sed 's/^RESULT //' | tr '\n' ' ')
        requests=$(grep -oE 'requests=[0-9]+' <<< "$result" | awk -F= '{ n += $2 } END { print n }')
      else
        result=$(wrk -t2 -c16 -d"${seconds}s" --timeout 10s --latency -s "$root/bench/wrk/paths.lua" "$base" -- "$paths/spatial.$list" | grep '^RESULT ')
        requests=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<< "$result")
      fi
      api1=$(cpu_of "$api_pid"); pg1=$(pg_cpu); sw1=$(switches_of "$api_pid")
      echo "round=$round variant=$name list=$list ${result#RESULT } api_cpu_ms_per_req=$(awk -v a="$api0" -v b="$api1" -v n="$requests" -v t="$tick_ms" 'BEGIN{printf "%.3f", (b-a)*t/n}') api_switches_per_req=$(awk -v a="$sw0" -v b="$sw1" -v n="$requests" 'BEGIN{printf "%.1f", (b-a)/n}') pg_cpu_ms_per_req=$(awk -v a="$pg0" -v b="$pg1" -v n="$requests" -v t="$tick_ms" 'BEGIN{printf "%.3f", (b-a)*t/n}') load=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /)"
    done
    stop_api
  done
done
