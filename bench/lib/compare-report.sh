# bench/compare: medians of the runs, the table, the targets of issue #13, and bench/RESULTS.md. Sourced.
# Reads $BENCH_OUT/<size>/<kind>.<target>.<run>.result (see compare-measure.sh), …/rss_kb, …/hwm_kb, …/tiles.

# figures SIZE KIND TARGET: "req/s p50 p99 bytes errors", medians of the runs (each figure on its own); empty when not run.
figures() {
  local files
  files=$(find "$BENCH_OUT/$1" -maxdepth 1 -name "$2.$3.*.result" 2>/dev/null | sort)
  [ -n "$files" ] || return 0
  # shellcheck disable=SC2086
  cat $files | awk '
    { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      n++
      rps[n] = v["seconds"] > 0 ? v["requests"] / v["seconds"] : 0
      p50[n] = v["p50_ms"]; p99[n] = v["p99_ms"]
      bytes[n] = v["requests"] > 0 ? v["bytes"] / v["requests"] : 0
      errors += v["status_errors"] + v["socket_errors"] }
    END { printf "%.1f %.2f %.2f %.0f %d\n", median(rps), median(p50), median(p99), median(bytes), errors }
    function median(a,   i, j, t, s) {
      for (i = 1; i <= n; i++) s[i] = a[i] + 0
      for (i = 2; i <= n; i++) for (j = i; j > 1 && s[j - 1] > s[j]; j--) { t = s[j]; s[j] = s[j - 1]; s[j - 1] = t }
      return n % 2 ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2 }'
}

thousands() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
field() { echo "$1" | awk -v i="$2" '{print $i}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b > 0) printf "%.2f", a / b }'; }
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a + 0 >= b + 0) }'; }
mb() { awk -v kb="$1" 'BEGIN { printf "%.0f", kb * 1024 / 1e6 }'; }

cells() { # figures with-bytes: "req/s | p50 | p99 [| bytes]"
  if [ -z "$1" ]; then echo "n/a | | |${2:+ |}"; return; fi   # ${2:+…}: the bytes column
  local errors; errors=$(field "$1" 5)
  printf '%s%s | %s | %s' "$(field "$1" 1 | awk '{printf "%.0f", $1}')" "$([ "$errors" -gt 0 ] && echo " ($errors errors)")" \
    "$(field "$1" 2 | awk '{printf "%.1f", $1}')" "$(field "$1" 3 | awk '{printf "%.1f", $1}')"
  [ -n "${2:-}" ] && printf ' | %s' "$(field "$1" 4)"
  echo
}

table() { # size
  local size=$1 kind s m f
  echo "| request | Spatial req/s | p50 ms | p99 ms | bytes | MapServer req/s | p50 ms | p99 ms | bytes | floor tps | p50 ms | p99 ms | Spatial/MapServer | Spatial/floor |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for kind in $KINDS; do
    s=$(figures "$size" "$kind" spatial); m=$(figures "$size" "$kind" mapserver); f=$(figures "$size" "$kind" floor)
    local spatial_cells="$(cells "$s" bytes)"
    [ -z "$s" ] && [ "$(cat "$BENCH_OUT/$size/tiles" 2>/dev/null)" = no ] && [[ $kind == z* ]] && spatial_cells="n/a (no tile endpoint) | | |"
    echo "| ${KIND_TITLES[$kind]} | $spatial_cells | $(cells "$m" bytes) | $(cells "$f") | $(ratio "$(field "$s" 1)" "$(field "$m" 1)") | $(ratio "$(field "$s" 1)" "$(field "$f" 1)") |"
  done
  echo
  echo "Spatial's resident memory under load: peak $(mb "$(cat "$BENCH_OUT/$size/rss_kb")") MB (VmRSS sampled every 0.2 s), VmHWM $(mb "$(cat "$BENCH_OUT/$size/hwm_kb")") MB."
}

# machine time per request (ms) beyond another's: cores × 1000 / rate, the difference of two rates.
extra_ms() { awk -v a="$1" -v b="$2" -v c="$(nproc)" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", c * 1000 / a - c * 1000 / b }'; }

verdict() { # met? text why
  if [ "$1" = met ]; then echo "- **met** — $2"; else echo "- **missed** — $2. $3"; fi
}

targets() {
  local size kind s m f title sr fr p99s p99m
  for size in $BENCH_SIZES; do
    echo "### $(thousands "$size") projects"
    echo
    for kind in bbox id z10 z14; do
      s=$(figures "$size" "$kind" spatial); m=$(figures "$size" "$kind" mapserver); f=$(figures "$size" "$kind" floor)
      title=${KIND_TITLES[$kind]}
      if [ -z "$s" ]; then echo "- **not measured** — $title: Spatial has no tile endpoint in this build."; continue; fi
      local want_m=2 want_f=0.8; [[ $kind == z* ]] && want_f=0.5
      sr=$(ratio "$(field "$s" 1)" "$(field "$m" 1)"); fr=$(ratio "$(field "$s" 1)" "$(field "$f" 1)")
      if at_least "$sr" "$want_m"; then verdict met "$title: ${sr}× MapServer's req/s (target ≥ ${want_m}×)"
      else
        local floor_vs_ms; floor_vs_ms=$(ratio "$(field "$f" 1)" "$(field "$m" 1)")
        if at_least "$floor_vs_ms" "$want_m"; then
          verdict missed "$title: ${sr}× MapServer's req/s (target ≥ ${want_m}×)" \
            "The statement alone would allow ${floor_vs_ms}×; Spatial spends ≈ $(extra_ms "$(field "$s" 1)" "$(field "$f" 1)") ms of machine time per request on top of it ($(nproc) cores ÷ req/s)."
        else
          verdict missed "$title: ${sr}× MapServer's req/s (target ≥ ${want_m}×)" \
            "Even the statement alone (pgbench) does only ${floor_vs_ms:-?}× MapServer: the SQL must get cheaper first."
        fi
      fi
      if [[ $kind != z* ]]; then
        p99s=$(field "$s" 3); p99m=$(field "$m" 3)
        if at_least "$p99m" "$p99s"; then verdict met "$title: p99 $p99s ms, MapServer's $p99m ms"
        else verdict missed "$title: p99 $p99s ms, MapServer's $p99m ms" "The medians are $(field "$s" 2) and $(field "$m" 2) ms: it is the tail, at ${BENCH_CONNECTIONS} connections on $(nproc) cores."
        fi
      fi
      if at_least "$fr" "$want_f"; then verdict met "$title: ${fr}× the floor (pgbench, ${BENCH_PGBENCH_CLIENTS} clients; target ≥ ${want_f}×)"
      else verdict missed "$title: ${fr}× the floor (pgbench, ${BENCH_PGBENCH_CLIENTS} clients; target ≥ ${want_f}×)" \
        "Spatial spends ≈ $(extra_ms "$(field "$s" 1)" "$(field "$f" 1)") ms of machine time per request beyond its statement: HTTP, JSON, the pool$(other_statements "$size" "$kind")."
      fi
    done
    local rss; rss=$(mb "$(cat "$BENCH_OUT/$size/rss_kb")")
    if [ "$rss" -le 300 ]; then verdict met "resident memory under load: peak $rss MB (target ≤ 300 MB)"
    else verdict missed "resident memory under load: peak $rss MB (target ≤ 300 MB)" "See VmHWM above; measure the GC heap (dotnet-counters) to tell managed from native memory."
    fi
    echo
  done
  local smallest largest; smallest=$(echo "$BENCH_SIZES" | tr ' ' '\n' | sort -n | head -1); largest=$(echo "$BENCH_SIZES" | tr ' ' '\n' | sort -n | tail -1)
  [ "$smallest" = "$largest" ] && return 0
  echo "### p99 at $(thousands "$largest") against $(thousands "$smallest") projects"
  echo
  for kind in bbox id filter z10 z14; do
    s=$(figures "$smallest" "$kind" spatial); local l; l=$(figures "$largest" "$kind" spatial)
    [ -n "$s" ] && [ -n "$l" ] || continue
    local grow; grow=$(ratio "$(field "$l" 3)" "$(field "$s" 3)")
    if awk -v g="$grow" 'BEGIN { exit !(g <= 1.5) }'; then verdict met "${KIND_TITLES[$kind]}: p99 ${grow}× ($(field "$s" 3) → $(field "$l" 3) ms; target ≤ 1.5×)"
    else verdict missed "${KIND_TITLES[$kind]}: p99 ${grow}× ($(field "$s" 3) → $(field "$l" 3) ms; target ≤ 1.5×)" \
      "The statement's own p99 grows $(ratio "$(field "$(figures "$largest" "$kind" floor)" 3)" "$(field "$(figures "$smallest" "$kind" floor)" 3)")× (pgbench)."
    fi
  done
  echo
}

other_statements() { # size kind: what else Spatial sent per request, when it sent anything
  local summary="$BENCH_OUT/$1/statements/$2.summary" requests other
  [ -f "$summary" ] || return 0
  requests=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' "$summary"); other=$(sed -n 's/.*other=\([0-9]*\).*/\1/p' "$summary")
  [ "${other:-0}" -gt 0 ] && [ "${requests:-0}" -gt 0 ] && printf ', and %s statement(s) per request outside its batch (Npgsql resetting a pooled connection)' "$(ratio "$other" "$requests")"
  return 0
}

first_statement() { # size kind: the first captured request's statements, for the record
  local file="$BENCH_OUT/$1/statements/$2/001.sql"
  [ -f "$file" ] || return 0
  echo "<details><summary>${KIND_TITLES[$2]}$(grep -q own=1 "$BENCH_OUT/$1/statements/$2.summary" && echo " (the bench's own ST_AsMVT statement)")</summary>"
  echo
  echo '```sql'
  cat "$file"
  echo '```'
  echo "</details>"
  echo
}

write_results() {
  local size version
  version=$(cd "$SPATIAL_ROOT" && git rev-parse --short HEAD 2>/dev/null)$(cd "$SPATIAL_ROOT" && git diff --quiet HEAD 2>/dev/null || echo "+changes")
  echo "# Spatial against MapServer 8 — benchmark results"
  echo
  if [ -n "$quick" ]; then
    echo "> **Quick run (\`bench/compare --quick\`)**: it proves the harness, nothing more — small data, short runs, and"
    echo "> a machine that was doing other work (load average $load_before before, $load_after after). Replace it with a full run on a quiet machine."
    echo
  fi
  echo "$(date -u +%Y-%m-%dT%H:%MZ) · \`bench/compare${quick:+ --quick}\` · Spatial $version"
  echo
  echo "**Machine**: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/^MemTotal:/ {printf "%.1f GB", $2 * 1024 / 1e9}' /proc/meminfo) RAM, Linux $(uname -r);"
  echo "load average $load_before before the timed runs, $load_after after."
  echo "PostgreSQL $(admin_psql -d postgres -tAc 'SHOW server_version' | cut -d' ' -f1), PostGIS $(admin_psql -d "spatial_bench_$(echo "$BENCH_SIZES" | cut -d' ' -f1)" -tAc 'SELECT postgis_lib_version()'),"
  echo "$(mapserv -v | sed -n 's/^\(MapServer version [^ ]*\).*/\1/p'), nginx $(nginx -v 2>&1 | sed 's|.*nginx/||'), $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}'),"
  echo "pgbench $("$SPATIAL_PG_BIN/pgbench" --version | awk '{print $3}'), .NET $(dotnet --version)."
  echo
  echo "**Settings**: ${BENCH_RUNS} runs of ${BENCH_DURATION} s per request and target, interleaved, medians of the runs (each figure on its own),"
  echo "after ${BENCH_WARMUP} s of warm-up; wrk with ${BENCH_CONNECTIONS} connections on $(nproc) threads; pgbench with ${BENCH_PGBENCH_CLIENTS} clients, prepared."
  echo "Lists of ${BENCH_LIST_ENTRIES} bboxes (0.10° × 0.07° around a project), ids and z14 tiles drawn with a fixed seed; every z10 tile with projects."
  echo
  echo "- **Spatial**: \`/collections/projects/items?bbox=…&limit=100\`, \`…/items/{id}\`, \`…/items?county_code=$FILTER_COUNTY&limit=100\`,"
  echo "  \`/collections/projects/tiles/WebMercatorQuad/{z}/{y}/{x}\` — Release build, one process, tile cache \`Spatial__Cache__MaxBytes=${Spatial__Cache__MaxBytes:-0}\` (0: off, as MapServer has none)."
  echo "- **MapServer**: 8.0 through 4 FastCGI processes (spawn-fcgi) behind nginx, one PostGIS layer over the same table (\`bench/mapserver/projects.map\`):"
  echo "  OGC API Features \`/ogcapi/collections/projects/items?bbox=…&limit=100\` and \`…/items/{id}\`; the property filter through WFS 2.0"
  echo "  GetFeature with an FES filter as GeoJSON (its OGC API has no property filter); MVT from \`mode=tile\`. Both servers' pages are in id order;"
  echo "  before timing, both answered with the same features for a bbox page, the filter page and an id."
  echo "- **floor**: pgbench running the statements Spatial sent for the first ${BENCH_FLOOR_ENTRIES} requests of each list (from PostgreSQL's"
  echo "  statement log, parameters as literals, a batch as one pipeline), or the bench's own \`ST_AsMVT\` statement while Spatial has no tiles."
  echo "- bytes: per response, headers included; p50/p99 in ms; ratios of req/s."
  echo
  for size in $BENCH_SIZES; do
    echo "## $(thousands "$size") projects"
    echo
    table "$size"
    echo
  done
  echo "## Targets (issue #13)"
  echo
  targets
  echo "## Statements measured as the floor"
  echo
  for size in $(echo "$BENCH_SIZES" | cut -d' ' -f1); do
    for kind in $KINDS; do first_statement "$size" "$kind"; done
  done
}
