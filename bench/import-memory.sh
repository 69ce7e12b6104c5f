#!/usr/bin/env bash
# Benchmark, by hand (not in the test suite): a GeoPackage of ~50 MB imported into projects through the API,
# with the API's peak resident memory (VmHWM of /proc/<pid>/status) measured — the upload is spooled to disk and
# GDAL reads it in a process of its own, so the API's memory should not grow with the file.
# Uses a throwaway database spatial_bench_import in the local cluster; writes bench/results/import-memory.md.
# Usage: bench/import-memory.sh [features]   (default 24 000 polygons of 100 vertices ≈ 50 MB)
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/bootstrap.sh"
ensure_packages
start_cluster
cd "$SPATIAL_ROOT"
features=${1:-24000}
port=5098
work=$(mktemp -d)
db=spatial_bench_import
admin_psql -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
export ConnectionStrings__Spatial; ConnectionStrings__Spatial=$(connection_string $db)
dotnet build src/Spatial.Cli -c Release -v q -nologo >&2
cli=src/Spatial.Cli/bin/Release/net10.0/spatial.dll
dotnet $cli load-gisdata >&2
key=$(dotnet $cli keys create --role admin --name bench --quiet)

say "writing $features polygons to a GeoPackage (made by PostGIS and ogr2ogr, not by the code under test)"
admin_psql -d $db <<SQL >/dev/null
CREATE TABLE bench_source AS
SELECT 'BENCH-' || g AS id, '基准导入项目' || g AS name_zh, 'Bench import ' || g AS name_en, 'bio_energy' AS sector,
       '基准测试：五十兆的地理包导入' AS summary_zh, 'planned' AS status, 'site' AS scope, 'jixi-2022' AS plan,
       'bench import #' || g AS source_ref, 'surveyed' AS geometry_source,
       ST_Multi(ST_Buffer(ST_SetSRID(ST_Point(130.95 + (g % 200) * 0.0004, 45.30 + (g / 200) * 0.0002), 4490), 0.00008, 25)) AS geom
FROM generate_series(1, $features) AS g;
SQL
pg_conn="PG:host=127.0.0.1 port=$SPATIAL_PG_PORT dbname=$db user=postgres"
PGPASSWORD=$(cat "$(pg_password_file)") ogr2ogr -f GPKG "$work/bench.gpkg" "$pg_conn" bench_source -nln projects
admin_psql -d $db -c "DROP TABLE bench_source" >/dev/null
bytes=$(stat -c %s "$work/bench.gpkg")

(cd src/Spatial.Api && exec dotnet bin/Release/net10.0/Spatial.Api.dll --urls "http://127.0.0.1:$port" >"$work/api.log" 2>&1) &
api_pid=$!
trap 'kill $api_pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 60); do curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 1; done
before=$(awk '/VmHWM/ {print $2}' /proc/$api_pid/status)
start=$(date +%s)
location=$(curl -fsS -o /dev/null -w '%header{location}' -X POST -H "X-API-Key: $key" -H 'Prefer: respond-async' \
  -H 'Content-Type: application/geopackage+sqlite3' --data-binary @"$work/bench.gpkg" "http://127.0.0.1:$port/collections/projects/imports")
status=queued
for _ in $(seq 1200); do
  status=$(curl -fsS -H "X-API-Key: $key" "$location" | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p' | head -1)
  case $status in succeeded|rejected|failed) break ;; esac
  sleep 1
done
seconds=$(( $(date +%s) - start ))
peak=$(awk '/VmHWM/ {print $2}' /proc/$api_pid/status)
written=$(admin_psql -d $db -tAc "SELECT count(*) FROM projects WHERE id LIKE 'BENCH-%'")
{
  echo "# Import memory benchmark"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ) · $(nproc) cores · PostgreSQL $(admin_psql -d postgres -tAc 'SHOW server_version') · $(gdalinfo --version)"
  echo "Command: \`bench/import-memory.sh $features\`."
  echo
  echo "| file | features | status | written | time | API peak RSS before | API peak RSS after |"
  echo "|---|---:|---|---:|---:|---:|---:|"
  echo "| GeoPackage, $((bytes / 1024 / 1024)) MiB | $features | $status | $written | ${seconds} s | $((before / 1024)) MiB | $((peak / 1024)) MiB |"
} | tee bench/results/import-memory.md
admin_psql -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
