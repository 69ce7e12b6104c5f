# bench/compare: start and stop Spatial and MapServer (FastCGI behind nginx) on loopback ports. Sourced.
# Uses BENCH_RUN (scratch folder), BENCH_API_PORT, BENCH_MAPSERVER_PORT and bootstrap.sh's functions.

api_pid=''
nginx_pid=''
fcgi_pids=''

wait_http() { # url seconds
  local _
  for _ in $(seq "$2"); do
    curl -fsS --noproxy '*' --max-time 2 -o /dev/null "$1" 2>/dev/null && return 0
    sleep 1
  done
  return 1
}

require_free_port() { # port setting
  port_in_use "$1" && fail "port $1 is taken; set $2 to a free port"
  return 0
}

start_spatial() { # database
  require_free_port "$BENCH_API_PORT" BENCH_API_PORT
  say "starting Spatial (Release) on 127.0.0.1:$BENCH_API_PORT against $1"
  # Tiles uncached, as MapServer's and as issue #13's targets take them, unless Spatial__Cache__MaxBytes says otherwise.
  (cd "$SPATIAL_ROOT/src/Spatial.Api" &&
    Spatial__Cache__MaxBytes=${Spatial__Cache__MaxBytes:-0} ConnectionStrings__Spatial=$(connection_string "$1") \
      exec dotnet bin/Release/net10.0/Spatial.Api.dll \
      --urls "http://127.0.0.1:$BENCH_API_PORT") >"$BENCH_RUN/api.log" 2>&1 &
  api_pid=$!
  wait_http "http://127.0.0.1:$BENCH_API_PORT/health/ready" 120 || fail "Spatial did not become ready; see $BENCH_RUN/api.log"
}

# The templates of bench/mapserver with the run's folder, port and connection put in.
render_mapserver_files() { # database
  local connection file
  connection="host=127.0.0.1 port=$SPATIAL_PG_PORT dbname=$1 user=postgres password=$(cat "$(pg_password_file)")"
  for file in projects.map mapserver.conf nginx.conf; do
    sed -e "s|@RUN_DIR@|$BENCH_RUN|g; s|@NGINX_PORT@|$BENCH_MAPSERVER_PORT|g; s|@PG_CONNECTION@|$connection|g" \
      "$SPATIAL_ROOT/bench/mapserver/$file" > "$BENCH_RUN/$file"
  done
  chmod 600 "$BENCH_RUN/projects.map"   # it holds the password
}

start_mapserver() { # database
  require_free_port "$BENCH_MAPSERVER_PORT" BENCH_MAPSERVER_PORT
  say "starting MapServer ($(mapserv -v | sed -n 's/^MapServer version \([^ ]*\).*/\1/p'), 4 FastCGI processes) behind nginx on 127.0.0.1:$BENCH_MAPSERVER_PORT"
  render_mapserver_files "$1"
  rm -f "$BENCH_RUN/mapserver.sock" "$BENCH_RUN/spawn-fcgi.pid"
  MAPSERVER_CONFIG_FILE="$BENCH_RUN/mapserver.conf" spawn-fcgi -F 4 -s "$BENCH_RUN/mapserver.sock" -M 0600 \
    -P "$BENCH_RUN/spawn-fcgi.pid" -- /usr/lib/cgi-bin/mapserv >/dev/null || fail "spawn-fcgi could not start mapserv"
  fcgi_pids=$(tr '\n' ' ' < "$BENCH_RUN/spawn-fcgi.pid")
  nginx -e "$BENCH_RUN/nginx-error.log" -p "$BENCH_RUN" -c "$BENCH_RUN/nginx.conf" &
  nginx_pid=$!
  wait_http "http://127.0.0.1:$BENCH_MAPSERVER_PORT/mapserv/bench/ogcapi/collections?f=json" 30 \
    || fail "MapServer did not answer; see $BENCH_RUN/nginx-error.log and $BENCH_RUN/mapserver-errors.log"
}

running() { # pid: alive and not a zombie waiting to be reaped
  [ -r "/proc/$1/stat" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

stop_process() { # pid [signal]
  [ -n "$1" ] || return 0
  kill -"${2:-TERM}" "$1" 2>/dev/null || return 0
  local _
  for _ in $(seq 50); do running "$1" || break; sleep 0.1; done
  # Not "running && kill -9": under set -e a process that exits between the two (an API shutting down in just over
  # the 5 s above) fails kill, and the bench stopped there with status 1 and no message.
  if running "$1"; then kill -9 "$1" 2>/dev/null || true; fi
  wait "$1" 2>/dev/null || true   # reaps it when it is a child of this shell
}

stop_servers() {
  local pid
  stop_process "$api_pid"; api_pid=''
  stop_process "$nginx_pid"; nginx_pid=''
  # mapserv acts on SIGTERM only after one more request; it holds nothing worth a clean exit.
  for pid in $fcgi_pids; do stop_process "$pid" KILL; done
  fcgi_pids=''
}
