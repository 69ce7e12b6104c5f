#!/usr/bin/env bash
# Times vector tiles of a running Spatial on loopback: each tile of a fixed list fetched twice — the first
# answer made by PostGIS (X-Cache: miss, unless another request made it already), the second from the cache
# (hit) — and prints the medians and the bytes. By hand, not in CI; bounded (the list, one request at a time).
# Usage: bench/tiles.sh [base-url] [zoom]   (default http://127.0.0.1:5080, zoom 12)
set -euo pipefail
base=${1:-http://127.0.0.1:5080}; zoom=${2:-12}
case "$base" in http://127.0.0.1:*|http://localhost:*) ;; *) echo "loopback only: $base" >&2; exit 2 ;; esac
# Tiles over Jixi and Suifenhe, 130.4–131.6°E, 44.9–45.6°N.
tiles=$(python3 - "$zoom" <<'PY'
import math, sys
z = int(sys.argv[1]); n = 2 ** z
col = lambda lon: int((lon + 180) / 360 * n)
row = lambda lat: int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
for r in range(row(45.6), row(44.9) + 1, max(1, (row(44.9) - row(45.6)) // 6)):
    for c in range(col(130.4), col(131.6) + 1, max(1, (col(131.6) - col(130.4)) // 8)):
        print(f"{z}/{r}/{c}")
PY
)
fetch() { curl -s -o /dev/null -w '%{http_code} %{time_total} %{size_download}\n' -H 'Accept: */*' "$base/collections/projects/tiles/WebMercatorQuad/$1"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
first=$(for t in $tiles; do fetch "$t"; done)
second=$(for t in $tiles; do fetch "$t"; done)
echo "zoom $zoom: $(wc -w <<<"$tiles") tiles of projects"
echo "first  (made by PostGIS): median $(awk '{print $2 * 1000}' <<<"$first" | median) ms, statuses $(awk '{print $1}' <<<"$first" | sort | uniq -c | tr -s ' ' | tr '\n' ' ')"
echo "second (from the cache):  median $(awk '{print $2 * 1000}' <<<"$second" | median) ms"
echo "bytes: median $(awk '{print $3}' <<<"$first" | median), largest $(awk '{print $3}' <<<"$first" | sort -n | tail -1)"
