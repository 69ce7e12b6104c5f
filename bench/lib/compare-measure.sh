# bench/compare: the request lists as paths, the checks, Spatial's statements, and the timed runs. Sourced.
# Every run writes one line "RESULT requests= seconds= bytes= status_errors= socket_errors= p50_ms= p99_ms=".

KINDS="bbox id filter z10 z14"
declare -gA KIND_TITLES=([bbox]="items, bbox page, limit 100" [id]="one item by id" [filter]="items, county_code=230382, limit 100"
             [z10]="MVT tile, z10" [z14]="MVT tile, z14")
FILTER_COUNTY=230382
MAPSERVER_FILTER="<Filter><PropertyIsEqualTo><ValueReference>county_code</ValueReference><Literal>$FILTER_COUNTY</Literal></PropertyIsEqualTo></Filter>"

spatial_url() { echo "http://127.0.0.1:$BENCH_API_PORT"; }
mapserver_url() { echo "http://127.0.0.1:$BENCH_MAPSERVER_PORT"; }

# paths TARGET KIND: one request path per line, from the lists in $BENCH_LISTS.
paths() {
  local target=$1 kind=$2 filter
  filter=$(jq -rn --arg f "$MAPSERVER_FILTER" '$f | @uri')
  case "$target/$kind" in
    spatial/bbox)   sed 's|^|/collections/projects/items?limit=100\&bbox=|' "$BENCH_LISTS/bbox.txt" ;;
    spatial/id)     sed 's|^|/collections/projects/items/|' "$BENCH_LISTS/id.txt" ;;
    spatial/filter) echo "/collections/projects/items?county_code=$FILTER_COUNTY&limit=100" ;;
    spatial/z*)     awk '{print "/collections/projects/tiles/WebMercatorQuad/" $1 "/" $3 "/" $2}' "$BENCH_LISTS/$kind.txt" ;;
    mapserver/bbox) sed 's|^|/mapserv/bench/ogcapi/collections/projects/items?f=json\&limit=100\&bbox=|' "$BENCH_LISTS/bbox.txt" ;;
    mapserver/id)   sed 's|^\(.*\)$|/mapserv/bench/ogcapi/collections/projects/items/\1?f=json|' "$BENCH_LISTS/id.txt" ;;
    # MapServer 8.0's OGC API has no property filter; its WFS 2.0 has (an FES filter), answering GeoJSON.
    mapserver/filter) echo "/mapserv?map=bench&SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=projects&OUTPUTFORMAT=geojson&COUNT=100&FILTER=$filter" ;;
    mapserver/z*)   awk '{print "/mapserv?map=bench&mode=tile&tilemode=gmap&tile=" $2 "+" $3 "+" $1 "&layers=project_tiles&map.imagetype=mvt"}' "$BENCH_LISTS/$kind.txt" ;;
    *) fail "no paths for $target/$kind" ;;
  esac
}

path_file() { echo "$BENCH_RUN/paths/$1.$2"; }   # target kind, written by write_paths
first_path() { head -1 "$(path_file "$1" "$2")"; }

write_paths() {
  local target kind
  mkdir -p "$BENCH_RUN/paths"
  for kind in $KINDS; do for target in spatial mapserver; do paths "$target" "$kind" > "$(path_file "$target" "$kind")"; done; done
}

# Whether Spatial serves tiles (the tiles branch may not be merged): 200 or 204 for a tile with projects in it.
spatial_has_tiles() {
  local status
  status=$(curl -sS --noproxy '*' --max-time 30 -o /dev/null -w '%{http_code}' "$(spatial_url)$(first_path spatial z14)")
  [ "$status" = 200 ] || [ "$status" = 204 ]
}

feature_ids() { # url
  curl -fsS --noproxy '*' --max-time 60 "$1" | jq -r 'if .features then .features[] else . end | (.id // .properties.id)'
}

same_features() { # what spatial-path mapserver-path
  local what=$1 spatial mapserver
  spatial=$(feature_ids "$(spatial_url)$2") || fail "check $what: Spatial did not answer $2"
  mapserver=$(feature_ids "$(mapserver_url)$3") || fail "check $what: MapServer did not answer $3"
  [ -n "$spatial" ] || fail "check $what: Spatial answered no features ($2)"
  if [ "$spatial" != "$mapserver" ]; then
    fail "check $what: the servers disagree: Spatial $(wc -l <<<"$spatial") features, MapServer $(wc -l <<<"$mapserver"); first difference: $(diff <(echo "$spatial") <(echo "$mapserver") | sed -n 2p)"
  fi
  say "check $what: both answer with the same $(wc -l <<<"$spatial") feature id(s), in the same order"
}

check_servers() {
  same_features "bbox page" "$(first_path spatial bbox)" "$(first_path mapserver bbox)"
  same_features "filter page" "$(first_path spatial filter)" "$(first_path mapserver filter)"
  same_features "item by id" "$(first_path spatial id)" "$(first_path mapserver id)"
  local kind type
  for kind in z10 z14; do
    type=$(curl -fsS --noproxy '*' --max-time 60 -o "$BENCH_RUN/tile.mvt" -w '%{content_type}' "$(mapserver_url)$(first_path mapserver "$kind")") \
      || fail "check $kind: MapServer did not answer a tile"
    [ "$type" = application/vnd.mapbox-vector-tile ] && [ -s "$BENCH_RUN/tile.mvt" ] \
      || fail "check $kind: MapServer's tile is '$type', $(stat -c %s "$BENCH_RUN/tile.mvt") bytes"
  done
  say "check tiles: MapServer answers MVT at z10 and z14"
}

# capture_statements KIND DIR: Spatial's statements for the first $BENCH_FLOOR_ENTRIES requests of KIND, one pgbench
# script each, from PostgreSQL's statement log (switched on for these requests only).
capture_statements() {
  local kind=$1 dir=$2 log offset path
  log="$SPATIAL_PG_HOME/postgresql.log"
  rm -rf "$dir"; mkdir -p "$dir"
  offset=$(($(stat -c %s "$log") + 1))
  statement_log on
  head -n "$BENCH_FLOOR_ENTRIES" "$(path_file spatial "$kind")" > "$dir.paths"
  while read -r path; do
    curl -fsS --noproxy '*' --max-time 60 -o /dev/null "$(spatial_url)$path" || fail "Spatial did not answer $path"
  done < "$dir.paths"
  statement_log off
  tail -c +"$offset" "$log" > "$dir.log"
  perl "$SPATIAL_ROOT/bench/lib/statements.pl" "$dir.log" "$dir" > "$dir.summary"
  # A cluster started by something else (a bench reused it) writes its log elsewhere: a floor of no statements measures nothing.
  ! grep -q '^requests=0 ' "$dir.summary" || fail "PostgreSQL logged none of Spatial's $kind statements to $log: the cluster on port $SPATIAL_PG_PORT was started by something else, its log elsewhere; stop it (pg_ctl -D $SPATIAL_PG_HOME/data stop) and run again"
}

statement_log() { # on|off
  if [ "$1" = on ]; then
    admin_psql -d postgres -c "ALTER SYSTEM SET log_statement = 'all'" -c "ALTER SYSTEM SET log_line_prefix = 'bench|%p|%v|'" -c "SELECT pg_reload_conf()" >/dev/null
  else
    admin_psql -d postgres -c "ALTER SYSTEM RESET log_statement" -c "ALTER SYSTEM RESET log_line_prefix" -c "SELECT pg_reload_conf()" >/dev/null
  fi
  sleep 0.2   # the server applies a reload asynchronously
}

# The ST_AsMVT statement of the bench itself, per tile, when Spatial has none of its own to capture.
own_tile_statements() { # kind dir
  rm -rf "$2"; mkdir -p "$2"
  local n=0 z x y
  head -n "$BENCH_FLOOR_ENTRIES" "$BENCH_LISTS/$1.txt" > "$2.tiles"
  while read -r z x y; do
    n=$((n + 1))
    sed "s/@Z@/$z/g; s/@X@/$x/g; s/@Y@/$y/g" "$SPATIAL_ROOT/bench/load/tile-floor.sql" > "$(printf '%s/%03d.sql' "$2" "$n")"
  done < "$2.tiles"
  echo "requests=$(find "$2" -name '*.sql' | wc -l) statements=$(find "$2" -name '*.sql' | wc -l) other=0 own=1" > "$2.summary"
}

run_wrk() { # base-url paths-file seconds out
  timeout $(($3 + 60)) wrk -t "$BENCH_THREADS" -c "$BENCH_CONNECTIONS" -d "$3s" --timeout 10s --latency \
    -s "$SPATIAL_ROOT/bench/wrk/paths.lua" "$1" -- "$2" > "$4.out" 2>&1 || fail "wrk failed; see $4.out"
  grep '^RESULT ' "$4.out" > "$4" || fail "wrk printed no result; see $4.out"
}

# The first $BENCH_WARMUP s of a pgbench run are not counted: each new backend pays for preparing the scripts and
# for PROJ's set-up at its first ST_Transform (≈ 0.5 s), which Spatial's pooled connections paid long before.
run_pgbench() { # database scripts-dir seconds out
  local logs="$4.logs" scripts=() file
  rm -rf "$logs"; mkdir -p "$logs"
  for file in "$2"/*.sql; do scripts+=(-f "$file"); done
  PGPASSWORD=$(cat "$(pg_password_file)") timeout $(($3 + BENCH_WARMUP + 60)) "$SPATIAL_PG_BIN/pgbench" -n -h 127.0.0.1 \
    -p "$SPATIAL_PG_PORT" -U postgres -M prepared -c "$BENCH_PGBENCH_CLIENTS" -j "$BENCH_THREADS" -T $(($3 + BENCH_WARMUP)) \
    -l --log-prefix="$logs/log" "${scripts[@]}" "$1" > "$4.out" 2>&1 || fail "pgbench failed; see $4.out"
  local failed; failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$4.out")
  # Per-transaction log: client, transaction, latency (µs), script, end (epoch s, µs).
  cat "$logs"/log* | awk -v skip="$BENCH_WARMUP" '
    NR == 1 || $5 + $6 / 1e6 < first { first = $5 + $6 / 1e6 }
    { end[NR] = $5 + $6 / 1e6; latency[NR] = $3 }
    END { for (i = 1; i <= NR; i++) if (end[i] >= first + skip) printf "%.6f %d %.6f\n", end[i], latency[i], first + skip }' \
    | sort -k2,2n > "$logs/counted"
  awk -v failed="${failed:-0}" '
    { latency[NR] = $2; if ($1 > last) last = $1; cut = $3 }
    END {
      printf "RESULT requests=%d seconds=%.3f bytes=0 status_errors=%d socket_errors=0 p50_ms=%.3f p99_ms=%.3f\n",
        NR, last - cut, failed, rank(0.50) / 1000, rank(0.99) / 1000
    }
    function rank(p,   i) { i = int(p * NR); if (i < p * NR) i++; return NR ? latency[i < 1 ? 1 : i] : 0 }' "$logs/counted" > "$4"
  rm -rf "$logs"
}

# The peak resident memory of a process while it runs, sampled every 0.2 s, in kB into a file.
sample_rss() { # pid file
  local peak=0 now
  echo 0 > "$2"
  while now=$(awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null) && [ -n "$now" ]; do
    if [ "$now" -gt "$peak" ]; then peak=$now; echo "$peak" > "$2"; fi
    sleep 0.2
  done
}

# For the record, not a check: the features of one tile as GDAL reads each server's (simplification and clipping
# may drop a sliver at the edge on one side).
tile_features() { # url file
  local status; status=$(curl -sS --noproxy '*' --max-time 60 -o "$2" -w '%{http_code}' "$1")
  if [ "$status" = 204 ]; then echo 0; return; fi
  ogrinfo -ro -al -so "$2" 2>/dev/null | awk '/^Feature Count:/ {n += $3} END {print n + 0}'
}

compare_tiles() {
  local kind spatial mapserver
  for kind in z10 z14; do
    spatial=$(tile_features "$(spatial_url)$(first_path spatial "$kind")" "$BENCH_RUN/spatial.mvt")
    mapserver=$(tile_features "$(mapserver_url)$(first_path mapserver "$kind")" "$BENCH_RUN/mapserver.mvt")
    say "tile $kind $(head -1 "$BENCH_LISTS/$kind.txt"): Spatial's has $spatial features, MapServer's $mapserver"
  done
}
