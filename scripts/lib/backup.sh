# `scripts/spatial backup` and `restore` with pgBackRest: sourced after bootstrap.sh (and, with --cluster, cluster.sh).
# One stanza, `spatial`, per cluster; the repository is a folder beside the cluster's data (SPATIAL_BACKUP_REPO to put
# it on another disk). pgBackRest runs as PostgreSQL's owner, like the cluster itself.

BACKUP_STANZA=spatial

backup_packages() { ensure_packages /usr/bin/pgbackrest=pgbackrest; }

pgbackrest_as_owner() { # args...: pgBackRest with this cluster's config
  pg_as_owner env PGPASSWORD="${BACKUP_PASSWORD:-}" pgbackrest --config="$BACKUP_CONFIG" --stanza="$BACKUP_STANZA" "$@"
}

# The local cluster of scripts/run: one node, reached over its socket folder with the superuser's password.
local_backup_paths() {
  ensure_cluster
  BACKUP_HOME=$SPATIAL_PG_HOME
  BACKUP_CONFIG=$BACKUP_HOME/pgbackrest.conf
  BACKUP_PASSWORD=$(cat "$(pg_password_file)")
}

# Before a backup: the cluster runs, archives through pgBackRest, and the config names its current port.
use_local_cluster() {
  start_cluster
  ensure_database spatial
  local_backup_paths
  write_backup_config "$BACKUP_HOME" "pg1-path=$BACKUP_HOME/data
pg1-port=$SPATIAL_PG_PORT
pg1-socket-path=$BACKUP_HOME"
  local want; want=$(archive_command "$BACKUP_HOME/data")
  if [ "$(admin_psql -d postgres -tAc 'SHOW archive_mode')" != on ] || [ "$(admin_psql -d postgres -tAc 'SHOW archive_command')" != "$want" ]; then
    say "turning WAL archiving on (archive_command: pgBackRest; archive_timeout 60 s) and restarting PostgreSQL once"
    admin_psql -d postgres -c "ALTER SYSTEM SET archive_mode = 'on'" -c "ALTER SYSTEM SET archive_command = '$want'" \
      -c "ALTER SYSTEM SET archive_timeout = '60s'" >/dev/null
    pg_as_owner "$SPATIAL_PG_BIN/pg_ctl" -D "$BACKUP_HOME/data" -o "-p $SPATIAL_PG_PORT" -l "$BACKUP_HOME/postgresql.log" -w -t 60 restart >/dev/null \
      || fail "PostgreSQL did not restart; see $BACKUP_HOME/postgresql.log"
  fi
}

# scripts/cluster's two Patroni nodes: Patroni's own configs already archive through this config (cluster.sh);
# pgBackRest finds which node is the primary and backs that one up, over its socket with peer authentication.
use_patroni_cluster() {
  CLUSTER_PG_HOME=$(cluster_pg_home)
  alive patroni-pg1 || alive patroni-pg2 || fail "scripts/cluster is not running (scripts/cluster up)"
  BACKUP_HOME=$CLUSTER_PG_HOME
  BACKUP_CONFIG=$(cluster_backup_config)
  BACKUP_PASSWORD=
}

archive_command() { # data directory of the node that archives
  printf 'pgbackrest --config=%s --stanza=%s --pg1-path=%s archive-push %%p' "$BACKUP_CONFIG" "$BACKUP_STANZA" "$1"
}

write_backup_config() { # home, the stanza's pg lines
  local repo=${SPATIAL_BACKUP_REPO:-$1/backups}
  mkdir -p "$repo" "$1/pgbackrest-log" "$1/pgbackrest-lock"
  is_root && chown postgres:postgres "$repo" "$1/pgbackrest-log" "$1/pgbackrest-lock"
  cat > "$1/pgbackrest.conf" <<CONF
# pgBackRest for Spatial (written by scripts/lib/backup.sh; scripts/spatial backup rewrites it).
[global]
repo1-path=$repo
# Two full backups and the incrementals and WAL since the older one are kept.
repo1-retention-full=2
start-fast=y
compress-type=zst
log-path=$1/pgbackrest-log
lock-path=$1/pgbackrest-lock
log-level-console=warn
log-level-file=info

[$BACKUP_STANZA]
$2
CONF
  is_root && chown postgres:postgres "$1/pgbackrest.conf"
}

# backup [full|incr|diff|info|check]: without a type, full when the stanza has none yet, else incremental.
spatial_backup() {
  local type=${1:-}
  case "$type" in
    info) pgbackrest_as_owner info; return ;;
    check) pgbackrest_as_owner check; return ;;
    ''|full|incr|diff) ;;
    *) fail "backup: unknown type '$type' (full, incr, diff, info, check)" ;;
  esac
  pgbackrest_as_owner stanza-create >/dev/null 2>&1 || pgbackrest_as_owner stanza-upgrade >/dev/null 2>&1 || true
  # check: the stanza exists and a WAL switch reaches the repository, so archiving really works.
  pgbackrest_as_owner check || fail "pgBackRest check failed: WAL archiving does not reach the repository (see $BACKUP_HOME/pgbackrest-log)"
  if [ -z "$type" ]; then
    if pgbackrest_as_owner info --output=json | grep -q '"type":"full"'; then type=incr; else type=full; fi
  fi
  say "$type backup of stanza $BACKUP_STANZA to ${SPATIAL_BACKUP_REPO:-$BACKUP_HOME/backups}"
  pgbackrest_as_owner --type="$type" backup || fail "pgBackRest backup failed (see $BACKUP_HOME/pgbackrest-log)"
  pgbackrest_as_owner info --output=json | python3 -c '
import json, sys
b = json.load(sys.stdin)[0]["backup"][-1]
info, wal = b["info"], b["archive"]
print("%s (%s): %d bytes of database, %d bytes stored, WAL %s..%s" % (b["label"], b["type"], info["size"], info["repository"]["delta"], wal["start"], wal["stop"]))'
}

# restore --to DIR [--port PORT] | --in-place; [--time "2026-12-02 21:40:00+00"] [--set LABEL]
spatial_restore() {
  local to='' port='' in_place='' time='' set=''
  while [ $# -gt 0 ]; do
    case "$1" in
      --to) to=$2; shift 2 ;;
      --port) port=$2; shift 2 ;;
      --in-place) in_place=1; shift ;;
      --time) time=$2; shift 2 ;;
      --set) set=$2; shift 2 ;;
      *) fail "restore: unknown argument '$1' (--to DIR [--port PORT] | --in-place; --time TIMESTAMP, --set LABEL)" ;;
    esac
  done
  [ -n "$to" ] || [ -n "$in_place" ] || fail "restore: say where: --to DIR (a new data directory) or --in-place (the stopped cluster)"
  [ -z "$port" ] || [ -n "$to" ] || fail "restore: --port starts a restored copy (--to DIR); an in-place restore keeps its port"
  local args=()
  [ -n "$set" ] && args+=(--set="$set")
  # Without a time: up to the end of the archived WAL (the last archived segment; archive_timeout bounds what is lost).
  [ -n "$time" ] && args+=(--type=time --target="$time" --target-action=promote)
  if [ -n "$in_place" ]; then
    [ -z "${CLUSTER_NODES:-}" ] || fail "restore --in-place: a Patroni cluster is restored by Patroni (README, Backups); restore --to DIR makes a copy"
    cluster_running && fail "restore --in-place: stop PostgreSQL first ($SPATIAL_PG_BIN/pg_ctl -D $BACKUP_HOME/data stop -m fast)"
    say "restoring stanza $BACKUP_STANZA into $BACKUP_HOME/data (delta: only changed files are written)"
    pgbackrest_as_owner restore --delta "${args[@]}" || fail "pgBackRest restore failed (see $BACKUP_HOME/pgbackrest-log)"
    return
  fi
  mkdir -p "$to"
  [ -z "$(ls -A "$to")" ] || fail "restore --to $to: the folder is not empty"
  to=$(cd "$to" && pwd)
  is_root && chown postgres:postgres "$to"
  chmod 700 "$to"
  say "restoring stanza $BACKUP_STANZA into $to"
  # A copy must not archive into the stanza it came from.
  pgbackrest_as_owner restore --pg1-path="$to" --archive-mode=off "${args[@]}" || fail "pgBackRest restore failed (see $BACKUP_HOME/pgbackrest-log)"
  if [ -n "$port" ]; then
    port_in_use "$port" && fail "restore --port $port: the port is taken"
    pg_as_owner "$SPATIAL_PG_BIN/pg_ctl" -D "$to" -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$to" -l "$to/restored.log" -w -t 300 start >/dev/null \
      || fail "the restored copy did not start; see $to/restored.log"
    say "restored copy running on 127.0.0.1:$port (stop: $SPATIAL_PG_BIN/pg_ctl -D $to stop)"
  else
    say "start it with: $SPATIAL_PG_BIN/pg_ctl -D $to -o '-p PORT' start"
  fi
}

# table_checksums PORT PASSWORD: one line per table — name|rows|md5 of every row as text, in text order (the clusters'
# collation is C) — for every table the `layers` table lists, the history, keys, imports and layer versions.
table_checksums() {
  PGPASSWORD=$2 psql -X -q -tA -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U postgres -d spatial <<'SQL'
SELECT format($$SELECT %L, count(*), md5(coalesce(string_agg(r::text, E'\n' ORDER BY r::text), '')) FROM %I r$$, t, t)
FROM (SELECT table_name FROM layers
      UNION ALL VALUES ('feature_history'), ('api_keys'), ('imports'), ('layer_versions')) AS tables(t)
ORDER BY t
\gexec
SQL
}
