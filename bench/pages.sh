#!/usr/bin/env bash
# Times items pages of a running Spatial on loopback: bbox pages (limit 100) over a fixed grid of Jixi and Suifenhe, each
# fetched twice — the first made by PostGIS (X-Cache: miss, unless another request made it already), the second from
# the cache (hit) — then once more with Accept-Encoding: gzip and br, and prints the medians and the bytes. By hand,
# not in CI; bounded (the list, one request at a time).
# Usage: bench/pages.sh [base-url] [collection]   (default http://127.0.0.1:5080, projects)
set -euo pipefail
base=${1:-http://127.0.0.1:5080}; collection=${2:-projects}
case "$base" in http://127.0.0.1:*|http://localhost:*) ;; *) echo "loopback only: $base" >&2; exit 2 ;; esac
# 0.2° × 0.2° boxes over 130.4–131.6°E, 44.9–45.6°N.
boxes=$(python3 - <<'PY'
for i in range(6):
    for j in range(4):
        x, y = 130.4 + i * 0.2, 44.9 + j * 0.2
        print(f"{x:.1f},{y:.1f},{x + 0.2:.1f},{y + 0.2:.1f}")
PY
)
fetch() {
  curl -s -o /dev/null -D - -w 'status %{http_code} %{time_total} %{size_download}\n' "${@:2}" "$base/collections/$collection/items?bbox=$1&limit=100" |
    awk 'tolower($1) == "x-cache:" {cache = $2} /^status / {print $2, $3, $4, cache}' | tr -d '\r'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
first=$(for b in $boxes; do fetch "$b"; done)
second=$(for b in $boxes; do fetch "$b"; done)
gzip=$(for b in $boxes; do fetch "$b" -H 'Accept-Encoding: gzip'; done)
brotli=$(for b in $boxes; do fetch "$b" -H 'Accept-Encoding: br'; done)
echo "$(wc -w <<<"$boxes") bbox pages of $collection (limit 100)"
echo "first  (made by PostGIS): median $(awk '{print $2 * 1000}' <<<"$first" | median) ms, X-Cache $(awk '{print $4}' <<<"$first" | sort | uniq -c | tr -s ' ' | tr '\n' ' ')"
echo "second (from the cache):  median $(awk '{print $2 * 1000}' <<<"$second" | median) ms, X-Cache $(awk '{print $4}' <<<"$second" | sort | uniq -c | tr -s ' ' | tr '\n' ' ')"
echo "bytes: median $(awk '{print $3}' <<<"$first" | median), largest $(awk '{print $3}' <<<"$first" | sort -n | tail -1);" \
  "gzip median $(awk '{print $3}' <<<"$gzip" | median) ($(awk '{print $2 * 1000}' <<<"$gzip" | median) ms)," \
  "br median $(awk '{print $3}' <<<"$brotli" | median) ($(awk '{print $2 * 1000}' <<<"$brotli" | median) ms)"
