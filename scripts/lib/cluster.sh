# scripts/cluster's parts: sourced after bootstrap.sh. Every process is started detached, with its pid and log in
# the cluster's folders, so `down` (and a test's cleanup) can stop exactly what `up` started.

CLUSTER_BASE=${SPATIAL_CLUSTER_PORT_BASE:-56400}
CLUSTER_NGINX_PORT=$CLUSTER_BASE
CLUSTER_NGINX_HTTP_PORT=$((CLUSTER_BASE + 3))
CLUSTER_API_PORTS=($((CLUSTER_BASE + 1)) $((CLUSTER_BASE + 2)))
CLUSTER_PRIMARY_PORT=$((CLUSTER_BASE + 10))
CLUSTER_REPLICAS_PORT=$((CLUSTER_BASE + 11))
CLUSTER_HAPROXY_STATS_PORT=$((CLUSTER_BASE + 12))
CLUSTER_PG_PORTS=($((CLUSTER_BASE + 21)) $((CLUSTER_BASE + 22)))
CLUSTER_PATRONI_PORTS=($((CLUSTER_BASE + 31)) $((CLUSTER_BASE + 32)))
CLUSTER_ETCD_PORT=$((CLUSTER_BASE + 41))
CLUSTER_ETCD_PEER_PORT=$((CLUSTER_BASE + 42))
CLUSTER_NODES=(pg1 pg2)
CLUSTER_DIR=$SPATIAL_ROOT/.local/cluster   # what root (or the caller) owns: configs, pids, logs of haproxy, nginx, APIs
CLUSTER_RUN=$CLUSTER_DIR/run
source "$SPATIAL_ROOT/scripts/lib/nginx-site.sh"
source "$SPATIAL_ROOT/scripts/lib/backup.sh"

# etcd and Patroni run as PostgreSQL's owner, in a folder it can reach (bootstrap.sh's cluster_home).
cluster_pg_home() { SPATIAL_PG_DIR=$CLUSTER_DIR cluster_home; }

cluster_packages() {
  ensure_packages /usr/bin/patroni=patroni /usr/bin/etcd=etcd-server /usr/bin/etcdctl=etcd-client \
    /usr/sbin/haproxy=haproxy /usr/sbin/nginx=nginx /usr/bin/curl=curl /usr/bin/openssl=openssl /usr/bin/pgbackrest=pgbackrest
}

# spawn NAME LOG [--as-owner] CMD...: runs CMD detached in its own session; its pid goes to $CLUSTER_RUN/NAME.pid.
spawn() {
  local name=$1 log=$2; shift 2
  local as_owner=''
  [ "$1" = --as-owner ] && { as_owner=1; shift; }
  local pidfile=$CLUSTER_RUN/$name.pid
  if [ -n "$as_owner" ] && is_root; then
    runuser -u postgres -- bash -c 'setsid "$@" >>"$0" 2>&1 < /dev/null & echo $!' "$log" "$@" > "$pidfile"
  else
    setsid "$@" >>"$log" 2>&1 < /dev/null &
    echo $! > "$pidfile"
  fi
}

alive() { # NAME
  local pidfile=$CLUSTER_RUN/$1.pid
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

# stop NAME [seconds]: SIGTERM, then SIGKILL after the grace period.
stop() {
  local pidfile=$CLUSTER_RUN/$1.pid grace=${2:-20} pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    say "stopping $1 (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt $((grace * 10)) ]; do sleep 0.1; waited=$((waited + 1)); done
    kill -0 "$pid" 2>/dev/null && { say "$1 did not stop in ${grace}s: killing it"; kill -KILL "$pid" 2>/dev/null || true; }
  fi
  rm -f "$pidfile"
}

# wait_for DESCRIPTION SECONDS CMD...: polls CMD every 0.2 s.
wait_for() {
  local what=$1 seconds=$2; shift 2
  local tries=$((seconds * 5))
  while ! "$@" >/dev/null 2>&1; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || fail "$what did not happen within ${seconds}s"
    sleep 0.2
  done
}

http_ok() { curl -fsS --noproxy '*' --max-time 2 -o /dev/null "$1"; }

cluster_password() { cat "$CLUSTER_PG_HOME/superuser-password"; }

cluster_connection_string() { # port
  printf 'Host=127.0.0.1;Port=%s;Database=spatial;Username=postgres;Password=%s' "$1" "$(cluster_password)"
}

write_secret() { # file
  [ -f "$1" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$1")
}

start_etcd() {
  alive etcd && return 0
  say "starting etcd on 127.0.0.1:$CLUSTER_ETCD_PORT"
  spawn etcd "$CLUSTER_PG_HOME/etcd.log" --as-owner etcd --name spatial --data-dir "$CLUSTER_PG_HOME/etcd" \
    --listen-client-urls "http://127.0.0.1:$CLUSTER_ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$CLUSTER_ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$CLUSTER_ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$CLUSTER_ETCD_PEER_PORT" \
    --initial-cluster "spatial=http://127.0.0.1:$CLUSTER_ETCD_PEER_PORT" --initial-cluster-state new
  wait_for "etcd answering" 30 http_ok "http://127.0.0.1:$CLUSTER_ETCD_PORT/health"
}

write_patroni_config() { # index
  local i=$1 node=${CLUSTER_NODES[$1]}
  local config=$CLUSTER_PG_HOME/$node.yml
  [ -f "$config" ] && return 0
  mkdir -p "$CLUSTER_PG_HOME/$node"
  cat > "$config" <<YAML
# Patroni node $node of scripts/cluster (made once; remove .local/cluster to make it again).
scope: spatial
namespace: /spatial/
name: $node
restapi:
  listen: 127.0.0.1:${CLUSTER_PATRONI_PORTS[$i]}
  connect_address: 127.0.0.1:${CLUSTER_PATRONI_PORTS[$i]}
etcd3:
  hosts: 127.0.0.1:$CLUSTER_ETCD_PORT
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 2
    retry_timeout: 4
    maximum_lag_on_failover: 16777216
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        wal_level: replica
        hot_standby: 'on'
        wal_log_hints: 'on'
        max_wal_senders: 10
        max_replication_slots: 10
        wal_keep_size: 256MB
        max_connections: 200
        shared_buffers: 256MB
        work_mem: 16MB
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
    - auth-local: peer
    - auth-host: scram-sha-256
  post_bootstrap: $CLUSTER_PG_HOME/post-bootstrap.sh
postgresql:
  listen: 127.0.0.1:${CLUSTER_PG_PORTS[$i]}
  connect_address: 127.0.0.1:${CLUSTER_PG_PORTS[$i]}
  data_dir: $CLUSTER_PG_HOME/$node/data
  bin_dir: $SPATIAL_PG_BIN
  pgpass: $CLUSTER_PG_HOME/$node/pgpass
  authentication:
    superuser: {username: postgres, password: '$(cluster_password)'}
    replication: {username: replicator, password: '$(cat "$CLUSTER_PG_HOME/replication-password")'}
    rewind: {username: rewinder, password: '$(cat "$CLUSTER_PG_HOME/replication-password")'}
  parameters:
    unix_socket_directories: '$CLUSTER_PG_HOME/$node'
    # Every node archives to the one pgBackRest repository (only the primary's archiver runs), so a backup taken
    # before a failover still restores to after it (scripts/spatial backup --cluster).
    archive_mode: 'on'
    archive_command: 'pgbackrest --config=$(cluster_backup_config_path) --stanza=spatial --pg1-path=$CLUSTER_PG_HOME/$node/data archive-push %p'
    archive_timeout: 60s
  pg_hba:
    - local all all peer
    - host replication replicator 127.0.0.1/32 scram-sha-256
    - host all all 127.0.0.1/32 scram-sha-256
YAML
  chmod 600 "$config"
}

write_post_bootstrap() {
  local script=$CLUSTER_PG_HOME/post-bootstrap.sh
  cat > "$script" <<'SH'
#!/usr/bin/env bash
# Patroni runs this once, on the node that made the cluster, with a connection URL as $1.
set -euo pipefail
psql -X -v ON_ERROR_STOP=1 -d "$1" -c 'CREATE DATABASE spatial' -c '\c spatial' -c 'CREATE EXTENSION IF NOT EXISTS postgis'
SH
  chmod 755 "$script"
}

cluster_backup_config_path() { echo "$CLUSTER_PG_HOME/pgbackrest.conf"; }

# pgBackRest's stanza over both nodes (over their sockets, peer authentication): it backs up whichever is the primary.
cluster_backup_config() {
  BACKUP_CONFIG=$(cluster_backup_config_path)
  write_backup_config "$CLUSTER_PG_HOME" "$(for i in 0 1; do printf 'pg%s-path=%s\npg%s-port=%s\npg%s-socket-path=%s\n' \
    $((i + 1)) "$CLUSTER_PG_HOME/${CLUSTER_NODES[$i]}/data" $((i + 1)) "${CLUSTER_PG_PORTS[$i]}" $((i + 1)) "$CLUSTER_PG_HOME/${CLUSTER_NODES[$i]}"; done)"
  echo "$BACKUP_CONFIG"
}

# The stanza exists from the start, so the nodes' archive_command works before the first backup.
create_backup_stanza() {
  BACKUP_CONFIG=$(cluster_backup_config)
  pgbackrest_as_owner stanza-create >/dev/null 2>&1 || pgbackrest_as_owner stanza-upgrade >/dev/null 2>&1 ||
    fail "pgBackRest could not create the stanza (see $CLUSTER_PG_HOME/pgbackrest-log)"
}

patroni_role() { # index → primary | replica | (nothing)
  local body
  body=$(curl -fsS --noproxy '*' --max-time 2 "http://127.0.0.1:${CLUSTER_PATRONI_PORTS[$1]}/patroni" 2>/dev/null) || return 0
  echo "$body" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("role","") if d.get("state")=="running" else "")'
}

one_primary_and_streaming_replica() {
  local roles; roles="$(patroni_role 0) $(patroni_role 1)"
  [[ $roles == *primary* || $roles == *master* ]] && [[ $roles == *replica* ]] &&
    http_ok "http://127.0.0.1:${CLUSTER_PATRONI_PORTS[0]}/read-only" && http_ok "http://127.0.0.1:${CLUSTER_PATRONI_PORTS[1]}/read-only"
}

start_patroni() {
  write_secret "$CLUSTER_PG_HOME/superuser-password"
  write_secret "$CLUSTER_PG_HOME/replication-password"
  write_post_bootstrap
  BACKUP_CONFIG=$(cluster_backup_config)   # named by every node's archive_command from its first WAL segment on
  local i
  for i in 0 1; do
    write_patroni_config "$i"
    alive "patroni-${CLUSTER_NODES[$i]}" && continue
    port_in_use "${CLUSTER_PG_PORTS[$i]}" && fail "port ${CLUSTER_PG_PORTS[$i]} (PostgreSQL ${CLUSTER_NODES[$i]}) is taken; set SPATIAL_CLUSTER_PORT_BASE"
    is_root && chown -R postgres:postgres "$CLUSTER_PG_HOME"
    say "starting Patroni ${CLUSTER_NODES[$i]} (PostgreSQL on 127.0.0.1:${CLUSTER_PG_PORTS[$i]})"
    spawn "patroni-${CLUSTER_NODES[$i]}" "$CLUSTER_PG_HOME/${CLUSTER_NODES[$i]}.log" --as-owner /usr/bin/patroni "$CLUSTER_PG_HOME/${CLUSTER_NODES[$i]}.yml"
    # The first node makes the cluster; the second then clones it (pg_basebackup) as a streaming replica.
    [ "$i" -eq 0 ] || continue
    wait_for "a Patroni primary" 90 bash -c "[[ \$(curl -fsS --noproxy '*' --max-time 2 -o /dev/null -w '%{http_code}' http://127.0.0.1:${CLUSTER_PATRONI_PORTS[0]}/primary) == 200 ]] || [[ \$(curl -fsS --noproxy '*' --max-time 2 -o /dev/null -w '%{http_code}' http://127.0.0.1:${CLUSTER_PATRONI_PORTS[1]}/primary) == 200 ]]"
    # The replica's pg_basebackup waits until its WAL is archived, so the stanza must exist before it starts.
    create_backup_stanza
  done
  wait_for "a primary and a streaming replica" 120 one_primary_and_streaming_replica
}

write_haproxy_config() {
  local config=$CLUSTER_RUN/haproxy.cfg i
  {
    cat <<CFG
# HAProxy of scripts/cluster: Patroni's REST API says which node is the primary (/primary), which are replicas
# (/replica) and which can serve reads at all (/read-only: either). The read port goes to the replicas, and to any
# running node when no replica is up, so stopping the primary never touches a read, and a replica being promoted
# keeps its readers (only the primary's sessions are cut when it is marked down).
global
  maxconn 2000
defaults
  mode tcp
  timeout connect 2s
  timeout client 30m
  timeout server 30m
  timeout check 1s
  retries 3
  option redispatch
  default-server inter 1s fall 2 rise 2
frontend primary
  bind 127.0.0.1:$CLUSTER_PRIMARY_PORT
  default_backend primary
frontend reads
  bind 127.0.0.1:$CLUSTER_REPLICAS_PORT
  use_backend replicas if { nbsrv(replicas) gt 0 }
  default_backend readable
backend primary
  option httpchk OPTIONS /primary
  http-check expect status 200
CFG
    for i in 0 1; do echo "  server ${CLUSTER_NODES[$i]} 127.0.0.1:${CLUSTER_PG_PORTS[$i]} maxconn 200 check port ${CLUSTER_PATRONI_PORTS[$i]} on-marked-down shutdown-sessions"; done
    cat <<CFG
backend readable
  option httpchk OPTIONS /read-only
  http-check expect status 200
CFG
    for i in 0 1; do echo "  server ${CLUSTER_NODES[$i]} 127.0.0.1:${CLUSTER_PG_PORTS[$i]} maxconn 200 check port ${CLUSTER_PATRONI_PORTS[$i]}"; done
    cat <<CFG
backend replicas
  balance roundrobin
  option httpchk OPTIONS /replica
  http-check expect status 200
CFG
    for i in 0 1; do echo "  server ${CLUSTER_NODES[$i]} 127.0.0.1:${CLUSTER_PG_PORTS[$i]} maxconn 200 check port ${CLUSTER_PATRONI_PORTS[$i]}"; done
    cat <<CFG
listen stats
  mode http
  bind 127.0.0.1:$CLUSTER_HAPROXY_STATS_PORT
  stats enable
  stats uri /
CFG
  } > "$config"
}

start_haproxy() {
  alive haproxy && return 0
  write_haproxy_config
  haproxy -c -q -f "$CLUSTER_RUN/haproxy.cfg" || fail "HAProxy refused $CLUSTER_RUN/haproxy.cfg"
  say "starting HAProxy (primary 127.0.0.1:$CLUSTER_PRIMARY_PORT, replicas $CLUSTER_REPLICAS_PORT, stats $CLUSTER_HAPROXY_STATS_PORT)"
  spawn haproxy "$CLUSTER_RUN/haproxy.log" haproxy -db -f "$CLUSTER_RUN/haproxy.cfg"
  wait_for "HAProxy reaching the primary" 30 bash -c "PGPASSWORD='$(cluster_password)' psql -X -h 127.0.0.1 -p $CLUSTER_PRIMARY_PORT -U postgres -d spatial -tAc 'SELECT NOT pg_is_in_recovery()' | grep -q t"
}

start_apis() {
  local i
  ensure_web_packages
  (cd "$SPATIAL_ROOT" && dotnet build src/Spatial.Cli/Spatial.Cli.csproj -c Release -v q -nologo >&2)
  export ConnectionStrings__Spatial; ConnectionStrings__Spatial=$(cluster_connection_string "$CLUSTER_PRIMARY_PORT")
  (cd "$SPATIAL_ROOT" && dotnet src/Spatial.Cli/bin/Release/net10.0/spatial.dll migrate >&2 &&
    dotnet src/Spatial.Cli/bin/Release/net10.0/spatial.dll load-gisdata --if-empty >&2)
  # Heavy reads from the replicas' port (HAProxy sends them to any node that can serve reads), the rest from the primary;
  # nginx on loopback is the one proxy whose X-Forwarded-* headers are believed.
  export ConnectionStrings__SpatialReplicas; ConnectionStrings__SpatialReplicas=$(cluster_connection_string "$CLUSTER_REPLICAS_PORT")
  export Spatial__Proxy__KnownProxies__0=127.0.0.1
  for i in 0 1; do
    alive "api-$((i + 1))" && continue
    say "starting API process $((i + 1)) on 127.0.0.1:${CLUSTER_API_PORTS[$i]}"
    (cd "$SPATIAL_ROOT/src/Spatial.Api" && spawn "api-$((i + 1))" "$CLUSTER_RUN/api-$((i + 1)).log" \
      dotnet bin/Release/net10.0/Spatial.Api.dll --urls "http://127.0.0.1:${CLUSTER_API_PORTS[$i]}")
  done
  for i in 0 1; do wait_for "API process $((i + 1)) ready" 60 http_ok "http://127.0.0.1:${CLUSTER_API_PORTS[$i]}/health/ready"; done
}

# The site is deploy/nginx/spatial.conf itself (scripts/lib/nginx-site.sh replaces only its ports and certificate), so
# the cluster is served as production is: https://gis.example.cn/spatial/ on +0, port 80's redirect on +3.
write_nginx_config() {
  mkdir -p "$CLUSTER_RUN/nginx"
  [ -f "$CLUSTER_RUN/site.pem" ] || openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=gis.example.cn -days 3650 \
    -keyout "$CLUSTER_RUN/site.key" -out "$CLUSTER_RUN/site.pem" 2>/dev/null || fail "openssl could not make the site's certificate"
  nginx_site "${CLUSTER_API_PORTS[0]}" "${CLUSTER_API_PORTS[1]}" "$CLUSTER_NGINX_HTTP_PORT" "$CLUSTER_NGINX_PORT" \
    "$CLUSTER_RUN/site.pem" "$CLUSTER_RUN/site.key" > "$CLUSTER_RUN/spatial.conf" || fail "could not make the nginx site from deploy/nginx/spatial.conf"
  local user=''
  is_root && { user='user root;'; }
  cat > "$CLUSTER_RUN/nginx.conf" <<CONF
# nginx of scripts/cluster: what Debian's /etc/nginx/nginx.conf gives a site, with every file in the cluster's folder.
$user
worker_processes 1;
pid $CLUSTER_RUN/nginx.pid;
error_log $CLUSTER_RUN/nginx-error.log warn;
daemon off;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log $CLUSTER_RUN/nginx-access.log;
  client_body_temp_path $CLUSTER_RUN/nginx/body;
  proxy_temp_path $CLUSTER_RUN/nginx/proxy;
  fastcgi_temp_path $CLUSTER_RUN/nginx/fastcgi;
  uwsgi_temp_path $CLUSTER_RUN/nginx/uwsgi;
  scgi_temp_path $CLUSTER_RUN/nginx/scgi;
  include $CLUSTER_RUN/spatial.conf;
}
CONF
}

# curl of the service through the cluster's nginx, as https://gis.example.cn/spatial/ (its own certificate).
cluster_curl() { curl --noproxy '*' --cacert "$CLUSTER_RUN/site.pem" --resolve "gis.example.cn:$CLUSTER_NGINX_PORT:127.0.0.1" "$@"; }
CLUSTER_URL="https://gis.example.cn:$CLUSTER_NGINX_PORT/spatial"

start_nginx() {
  alive nginx && return 0
  write_nginx_config
  nginx -t -q -c "$CLUSTER_RUN/nginx.conf" 2>>"$CLUSTER_RUN/nginx-error.log" || fail "nginx refused $CLUSTER_RUN/nginx.conf (see $CLUSTER_RUN/nginx-error.log)"
  say "starting nginx on 127.0.0.1:$CLUSTER_NGINX_PORT"
  spawn nginx "$CLUSTER_RUN/nginx.log" nginx -c "$CLUSTER_RUN/nginx.conf"
  wait_for "nginx answering" 20 cluster_curl -fsS --max-time 2 -o /dev/null "$CLUSTER_URL/health/ready"
}

cluster_up() {
  cluster_packages
  mkdir -p "$CLUSTER_RUN"
  CLUSTER_PG_HOME=$(cluster_pg_home)
  start_etcd
  start_patroni
  start_haproxy
  start_apis
  start_nginx
  say "up: $CLUSTER_URL/ on 127.0.0.1:$CLUSTER_NGINX_PORT (certificate .local/cluster/run/site.pem; scripts/cluster status; scripts/cluster down)"
}

cluster_status() {
  CLUSTER_PG_HOME=$(cluster_pg_home)
  local name i
  for name in etcd patroni-pg1 patroni-pg2 haproxy api-1 api-2 nginx; do
    if alive "$name"; then printf '%-12s running (pid %s)\n' "$name" "$(cat "$CLUSTER_RUN/$name.pid")"; else printf '%-12s stopped\n' "$name"; fi
  done
  if alive patroni-pg1 || alive patroni-pg2; then
    pg_as_owner patronictl -c "$CLUSTER_PG_HOME/pg1.yml" list 2>/dev/null || true
  fi
  for i in 0 1; do
    printf 'api-%s  /health/ready: %s\n' "$((i + 1))" "$(curl -s --noproxy '*' --max-time 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:${CLUSTER_API_PORTS[$i]}/health/ready" || true)"
  done
  printf 'nginx  %s/health/ready: %s\n' "$CLUSTER_URL" "$(cluster_curl -s --max-time 2 -o /dev/null -w '%{http_code}' "$CLUSTER_URL/health/ready" || true)"
}

cluster_down() { # [--wipe]
  mkdir -p "$CLUSTER_RUN"
  stop nginx
  stop api-1
  stop api-2
  stop haproxy
  # Patroni stops its PostgreSQL when it stops; replicas first, so that no replica takes over from the primary.
  local i
  for i in 0 1; do [ "$(patroni_role "$i")" = replica ] && stop "patroni-${CLUSTER_NODES[$i]}" 60; done
  stop patroni-pg1 60
  stop patroni-pg2 60
  stop etcd
  if [ "${1:-}" = --wipe ]; then
    local home; home=$(cluster_pg_home)
    say "removing the cluster's data ($home, $CLUSTER_DIR)"
    rm -rf "$home" "$CLUSTER_DIR"
  fi
}
