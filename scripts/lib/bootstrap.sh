# Shared by scripts/run and scripts/test: install what is missing, start the local PostGIS cluster.
# Sourced, not run. Settings (env): SPATIAL_PG_PORT (55432), SPATIAL_PG_DIR (.local/pg).

SPATIAL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SPATIAL_PG_PORT=${SPATIAL_PG_PORT:-55432}
SPATIAL_PG_DIR=${SPATIAL_PG_DIR:-$SPATIAL_ROOT/.local/pg}
SPATIAL_PG_VERSION=15
SPATIAL_PG_BIN=${SPATIAL_PG_BIN:-/usr/lib/postgresql/$SPATIAL_PG_VERSION/bin}
export SPATIAL_PG_BIN

say()  { printf 'spatial: %s\n' "$*" >&2; }
fail() { printf 'spatial: error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# Debian packages the service and its tests need, keyed by a file each one installs.
spatial_required_packages() {
  local -A needs=(
    ["$SPATIAL_PG_BIN/initdb"]=postgresql-$SPATIAL_PG_VERSION
    ["/usr/share/postgresql/$SPATIAL_PG_VERSION/extension/postgis.control"]=postgresql-$SPATIAL_PG_VERSION-postgis-3
    ["/usr/bin/ogr2ogr"]=gdal-bin
    ["/usr/bin/psql"]=postgresql-client-$SPATIAL_PG_VERSION
  )
  local file
  for file in "${!needs[@]}" "$@"; do
    case "$file" in
      *=*) [ -e "${file%%=*}" ] || echo "${file#*=}" ;;
      *) [ -e "$file" ] || echo "${needs[$file]}" ;;
    esac
  done | sort -u
}

# ensure_packages [file=package ...]: extra pairs for what only some commands need (e.g. chromium).
ensure_packages() {
  local missing
  missing=$(spatial_required_packages "$@" | tr '\n' ' ')
  [ -z "${missing// /}" ] && return 0
  if ! is_root; then
    fail "missing Debian packages: $missing. Install them as root: sudo apt-get install -y $missing"
  fi
  say "installing $missing (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || fail "apt-get update failed; check the package mirror"
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >&2 || fail "apt-get install $missing failed"
  command -v dotnet >/dev/null || fail "the .NET 10 SDK (dotnet) is not on PATH; install it first"
}

# The cluster runs as the invoking user, or as 'postgres' when that is root (PostgreSQL refuses root).
pg_as_owner() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_password_file() { echo "$SPATIAL_PG_DIR/password"; }

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The folder PostgreSQL works in. As root the cluster runs as 'postgres', which cannot reach a clone
# under a private folder (mktemp -d); it then lives in /var/lib/spatial and .local/pg/cluster links to it.
cluster_home() {
  local link="$SPATIAL_PG_DIR/cluster"
  mkdir -p "$SPATIAL_PG_DIR"
  if [ ! -e "$link" ]; then
    if is_root && ! runuser -u postgres -- test -x "$SPATIAL_PG_DIR"; then
      local elsewhere; elsewhere="/var/lib/spatial/pg-$(echo "$SPATIAL_PG_DIR" | md5sum | cut -c1-12)"
      mkdir -p "$elsewhere"
      ln -s "$elsewhere" "$link"
    else
      mkdir -p "$link"
    fi
    is_root && chown postgres:postgres "$(readlink -f "$link")"
  fi
  readlink -f "$link"
}

ensure_cluster() {
  SPATIAL_PG_HOME=$(cluster_home)
  local data="$SPATIAL_PG_HOME/data"
  if [ ! -f "$(pg_password_file)" ]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$(pg_password_file)")
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    say "creating the local PostgreSQL cluster in $data"
    local pwfile; pwfile=$(mktemp)
    cp "$(pg_password_file)" "$pwfile"
    is_root && chown postgres:postgres "$pwfile"
    pg_as_owner "$SPATIAL_PG_BIN/initdb" -D "$data" -U postgres --pwfile="$pwfile" \
      --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null \
      || { rm -f "$pwfile"; fail "initdb failed in $data"; }
    rm -f "$pwfile"
    cat >> "$data/postgresql.conf" <<CONF
# Spatial: local only.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$SPATIAL_PG_HOME'
shared_buffers = 256MB
work_mem = 16MB
CONF
  fi
}

cluster_running() {
  pg_as_owner "$SPATIAL_PG_BIN/pg_ctl" -D "$SPATIAL_PG_HOME/data" status >/dev/null 2>&1
}

start_cluster() {
  ensure_cluster
  if cluster_running; then
    local running_port; running_port=$(sed -n 4p "$SPATIAL_PG_HOME/data/postmaster.pid")   # line 4: its port
    if [ "$running_port" != "$SPATIAL_PG_PORT" ]; then
      fail "the local PostgreSQL in $SPATIAL_PG_DIR is running on port $running_port, not on SPATIAL_PG_PORT=$SPATIAL_PG_PORT. Set SPATIAL_PG_PORT=$running_port, or stop it first: $SPATIAL_PG_BIN/pg_ctl -D $SPATIAL_PG_HOME/data stop"
    fi
    say "local PostgreSQL already running on 127.0.0.1:$SPATIAL_PG_PORT (reused)"
    return 0
  fi
  if port_in_use "$SPATIAL_PG_PORT"; then
    fail "port $SPATIAL_PG_PORT is taken by another program, not this clone's PostgreSQL. Set SPATIAL_PG_PORT to a free port."
  fi
  say "starting local PostgreSQL on 127.0.0.1:$SPATIAL_PG_PORT"
  local log="$SPATIAL_PG_HOME/postgresql.log"
  pg_as_owner "$SPATIAL_PG_BIN/pg_ctl" -D "$SPATIAL_PG_HOME/data" -o "-p $SPATIAL_PG_PORT" -l "$log" -w -t 60 start >/dev/null \
    || fail "PostgreSQL did not start; see $log"
}

admin_psql() {
  PGOPTIONS=--client-min-messages=warning PGPASSWORD=$(cat "$(pg_password_file)") psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$SPATIAL_PG_PORT" -U postgres "$@"
}

connection_string() { # database name
  printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=postgres;Password=%s' \
    "$SPATIAL_PG_PORT" "$1" "$(cat "$(pg_password_file)")"
}

ensure_database() { # name
  if [ -z "$(admin_psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")" ]; then
    say "creating database $1"
    admin_psql -d postgres -c "CREATE DATABASE \"$1\"" >/dev/null
  fi
  admin_psql -d "$1" -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
}

# The map's npm packages (web/node_modules), installed from the committed lockfile when missing or stale.
ensure_web_packages() {
  command -v npm >/dev/null || ensure_packages /usr/bin/npm=npm
  local web="$SPATIAL_ROOT/web"
  if [ ! -f "$web/node_modules/.package-lock.json" ] || [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
    say "installing the map's npm packages (npm ci)"
    (cd "$web" && npm ci --no-audit --no-fund --loglevel=error >&2) || fail "npm ci failed in web/"
  fi
}
