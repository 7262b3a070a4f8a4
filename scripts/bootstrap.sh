#!/usr/bin/env bash
# Set-up for development, tests and CI on Debian 12 (idempotent; a second run is fast).
#
#   scripts/bootstrap.sh            packages + venv + services + var/services.env
#   scripts/bootstrap.sh packages   only the Debian packages
#   scripts/bootstrap.sh venv       only .venv and requirements.txt
#   scripts/bootstrap.sh services   only PostgreSQL/Redis detection (+ var/services.env)
#   scripts/bootstrap.sh stop       stop the project-local PostgreSQL (5433) and Redis (6380)
#
# Environment knobs:
#   UNIONADMIN_FORCE_LOCAL_SERVICES=1  ignore 127.0.0.1:5432/6379 and DATABASE_URL/REDIS_URL
#                                      from the environment/.env; use the project-local ones
#   UNIONADMIN_SKIP_APT=1              do not check or install Debian packages
#   PYTHON=/usr/bin/python3.11         interpreter for .venv
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

VAR="$ROOT/var"
VENV="$ROOT/.venv"
PYTHON="${PYTHON:-/usr/bin/python3.11}"
STAMP="$VENV/.requirements.sha256"
SERVICES_ENV="$VAR/services.env"

PG_SYSTEM_PORT=5432
PG_LOCAL_PORT=5433
REDIS_SYSTEM_PORT=6379
REDIS_LOCAL_PORT=6380
DB_NAME=unionadmin

DEB_PACKAGES=(
  postgresql redis-server
  fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming
  libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0
  chromium gettext python3-venv poppler-utils
)

FORCE_LOCAL="${UNIONADMIN_FORCE_LOCAL_SERVICES:-0}"

say()  { printf '==> %s\n' "$*"; }
warn() { printf '==> WARNING: %s\n' "$*" >&2; }
die()  { printf '==> ERROR: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# --------------------------------------------------------------------------- packages
step_packages() {
  if [ "${UNIONADMIN_SKIP_APT:-0}" = 1 ]; then
    say "Debian packages: skipped (UNIONADMIN_SKIP_APT=1)"
    return
  fi
  if ! command -v dpkg-query >/dev/null 2>&1; then
    warn "dpkg-query not found (not Debian?): install by hand: ${DEB_PACKAGES[*]}"
    return
  fi
  local missing=() p status
  for p in "${DEB_PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
    [ "$status" = "install ok installed" ] || missing+=("$p")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    say "Debian packages: all ${#DEB_PACKAGES[@]} installed"
    return
  fi
  say "Debian packages: missing ${missing[*]}"
  local install=(apt-get install -q -y --no-install-recommends "${missing[@]}")
  if is_root; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${install[@]}"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    sudo -n env DEBIAN_FRONTEND=noninteractive "${install[@]}"
  else
    printf '==> Missing Debian packages. Run this, then try again:\n' >&2
    printf '    sudo apt-get update && sudo apt-get install -y --no-install-recommends %s\n' "${missing[*]}" >&2
    exit 1
  fi
}

# --------------------------------------------------------------------------- venv
step_venv() {
  [ -f requirements.txt ] || die "requirements.txt not found in $ROOT"
  if [ -x "$VENV/bin/python" ] \
     && "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
    :
  else
    [ -x "$PYTHON" ] || die "$PYTHON not found (apt-get install python3.11 python3-venv)"
    [ -e "$VENV" ] && { say "venv: $VENV is broken or not Python 3.11, recreating"; rm -rf "$VENV"; }
    say "venv: creating .venv with $PYTHON"
    "$PYTHON" -m venv "$VENV"
    rm -f "$STAMP"
  fi
  local want
  want="$(sha256sum requirements.txt | cut -d' ' -f1)"
  if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
    say "venv: requirements.txt unchanged, nothing to install"
    return
  fi
  say "venv: pip install -r requirements.txt"
  "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r requirements.txt
  printf '%s\n' "$want" > "$STAMP"
}

# --------------------------------------------------------------------------- helpers
# value of KEY from .env (user overrides), if any
dotenv_value() {
  [ -f "$ROOT/.env" ] || return 0
  sed -n -E "s/^[[:space:]]*(export[[:space:]]+)?$1[[:space:]]*=[[:space:]]*//p" "$ROOT/.env" \
    | tail -n1 | sed -E "s/^[\"'](.*)[\"'][[:space:]]*$/\1/"
}

# an override from the real environment or .env (ignored when forcing local services)
override_for() {
  [ "$FORCE_LOCAL" = 1 ] && return 0
  local v="${!1:-}"
  [ -n "$v" ] || v="$(dotenv_value "$1")"
  printf '%s' "$v"
}

pg_bin_dir() {
  if [ -x /usr/lib/postgresql/15/bin/pg_ctl ]; then
    echo /usr/lib/postgresql/15/bin
  else
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1
  fi
}

# run a PostgreSQL server binary as the right user (initdb/pg_ctl refuse root)
as_pg() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# psql with no password prompt and a short connect timeout
pg_ok() {  # host port -> 0 if `select 1` works as role postgres
  PGCONNECT_TIMEOUT=3 psql -X -w -q -h "$1" -p "$2" -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1
}

# --------------------------------------------------------------------------- PostgreSQL
# Paths of the project-local cluster. Normally var/pg, var/run, var/log/postgres.log.
# When running as root in a checkout the postgres user cannot reach (e.g. under /root),
# the cluster lives in /var/lib/postgresql/unionadmin-dev-<hash>/ and var/pg is a symlink.
pg_local_paths() {
  PG_DATA="$VAR/pg"; PG_SOCK="$VAR/run"; PG_LOG="$VAR/log/postgres.log"
  if [ -L "$VAR/pg" ]; then
    local base; base="$(dirname "$(readlink -f "$VAR/pg")")"
    PG_DATA="$base/pg"; PG_SOCK="$base/run"; PG_LOG="$base/postgres.log"
  fi
}

pg_prepare_dirs() {
  mkdir -p "$VAR/log" "$VAR/run"
  pg_local_paths
  mkdir -p "$PG_DATA" "$PG_SOCK"
  chmod 700 "$PG_DATA"
  touch "$PG_LOG"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "system user 'postgres' missing (apt-get install postgresql)"
    chown postgres: "$PG_DATA" "$PG_SOCK" "$PG_LOG"
    if ! (cd / && runuser -u postgres -- test -w "$PG_DATA" -a -w "$PG_SOCK" -a -w "$PG_LOG"); then
      # the postgres user cannot traverse the checkout's path: move the cluster out
      [ -L "$VAR/pg" ] && die "postgres user cannot write $PG_DATA"
      local base="/var/lib/postgresql/unionadmin-dev-$(printf '%s' "$ROOT" | sha256sum | cut -c1-8)"
      say "PostgreSQL: postgres user cannot reach $VAR; cluster goes to $base"
      rmdir "$VAR/pg" 2>/dev/null || die "$VAR/pg is not empty; remove it first"
      mkdir -p "$base/pg" "$base/run"
      touch "$base/postgres.log"
      chmod 700 "$base/pg"
      chown -R postgres: "$base"
      ln -s "$base/pg" "$VAR/pg"
      rm -f "$VAR/log/postgres.log"
      ln -s "$base/postgres.log" "$VAR/log/postgres.log"
      pg_local_paths
    fi
  fi
}

pg_local_running() {
  local bin; bin="$(pg_bin_dir)"
  pg_local_paths
  [ -f "$PG_DATA/PG_VERSION" ] || return 1
  as_pg "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

pg_start_local() {
  local bin; bin="$(pg_bin_dir)"
  [ -n "$bin" ] && [ -x "$bin/initdb" ] || die "PostgreSQL server binaries not found (apt-get install postgresql)"
  pg_prepare_dirs
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    say "PostgreSQL: initdb $PG_DATA"
    as_pg "$bin/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if pg_local_running; then
    say "PostgreSQL: project-local cluster already running on 127.0.0.1:$PG_LOCAL_PORT"
  else
    say "PostgreSQL: starting project-local cluster on 127.0.0.1:$PG_LOCAL_PORT (log: $PG_LOG)"
    as_pg "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
      -o "-p $PG_LOCAL_PORT -k $PG_SOCK -c listen_addresses=127.0.0.1" start >/dev/null \
      || { tail -n 20 "$PG_LOG" >&2; die "PostgreSQL did not start"; }
  fi
  if ! pg_ok 127.0.0.1 "$PG_LOCAL_PORT"; then
    # cluster made without -U postgres: create the role through the socket as its owner
    local owner; owner="$(is_root && echo postgres || id -un)"
    say "PostgreSQL: creating superuser role postgres"
    as_pg psql -X -w -q -h "$PG_SOCK" -p "$PG_LOCAL_PORT" -U "$owner" -d postgres \
      -c 'CREATE ROLE postgres SUPERUSER LOGIN' >/dev/null
    pg_ok 127.0.0.1 "$PG_LOCAL_PORT" || die "cannot connect to 127.0.0.1:$PG_LOCAL_PORT as postgres"
  fi
}

step_postgres() {
  local override; override="$(override_for DATABASE_URL)"
  if [ -n "$override" ]; then
    say "PostgreSQL: DATABASE_URL given by environment/.env, not touching services"
    DATABASE_URL=""
    return
  fi
  local port
  if [ "$FORCE_LOCAL" != 1 ] && pg_ok 127.0.0.1 "$PG_SYSTEM_PORT"; then
    port=$PG_SYSTEM_PORT
    say "PostgreSQL: using 127.0.0.1:$port"
  else
    [ "$FORCE_LOCAL" = 1 ] && say "PostgreSQL: UNIONADMIN_FORCE_LOCAL_SERVICES=1, skipping 127.0.0.1:$PG_SYSTEM_PORT"
    port=$PG_LOCAL_PORT
    pg_start_local
  fi
  local exists
  exists="$(PGCONNECT_TIMEOUT=3 psql -X -w -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")"
  if [ "$exists" != 1 ]; then
    say "PostgreSQL: creating database $DB_NAME"
    psql -X -w -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "CREATE DATABASE $DB_NAME" >/dev/null
  fi
  DATABASE_URL="postgres://postgres@127.0.0.1:$port/$DB_NAME"
}

# --------------------------------------------------------------------------- Redis
redis_ok() { [ "$(timeout 3 redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = PONG ]; }

step_redis() {
  local override; override="$(override_for REDIS_URL)"
  if [ -n "$override" ]; then
    say "Redis: REDIS_URL given by environment/.env, not touching services"
    REDIS_URL=""
    return
  fi
  command -v redis-cli >/dev/null || die "redis-cli not found (apt-get install redis-server)"
  local port
  if [ "$FORCE_LOCAL" != 1 ] && redis_ok "$REDIS_SYSTEM_PORT"; then
    port=$REDIS_SYSTEM_PORT
    say "Redis: using 127.0.0.1:$port"
  else
    [ "$FORCE_LOCAL" = 1 ] && say "Redis: UNIONADMIN_FORCE_LOCAL_SERVICES=1, skipping 127.0.0.1:$REDIS_SYSTEM_PORT"
    port=$REDIS_LOCAL_PORT
    if redis_ok "$port"; then
      say "Redis: project-local server already running on 127.0.0.1:$port"
    else
      say "Redis: starting project-local server on 127.0.0.1:$port (log: var/log/redis.log)"
      mkdir -p "$VAR/redis" "$VAR/log" "$VAR/run"
      redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --dir "$VAR/redis" \
        --save "" --appendonly no --logfile "$VAR/log/redis.log" --pidfile "$VAR/run/redis.pid" >/dev/null
      local i
      for i in $(seq 1 50); do redis_ok "$port" && break; sleep 0.2; done
      redis_ok "$port" || { tail -n 20 "$VAR/log/redis.log" >&2; die "Redis did not start"; }
    fi
  fi
  REDIS_URL="redis://127.0.0.1:$port/0"
}

write_services_env() {
  mkdir -p "$VAR"
  local tmp="$SERVICES_ENV.tmp"
  {
    echo "# Written by scripts/bootstrap.sh; settings read it after .env, real environment wins."
    [ -n "$DATABASE_URL" ] && echo "DATABASE_URL=$DATABASE_URL"
    [ -n "$REDIS_URL" ] && echo "REDIS_URL=$REDIS_URL"
  } > "$tmp"
  mv "$tmp" "$SERVICES_ENV"
  say "services: wrote var/services.env"
}

step_services() {
  mkdir -p "$VAR/log" "$VAR/run"
  DATABASE_URL=""; REDIS_URL=""
  step_postgres
  step_redis
  write_services_env
}

# --------------------------------------------------------------------------- stop
step_stop() {
  local bin; bin="$(pg_bin_dir)"
  if [ -n "$bin" ] && pg_local_running; then
    say "PostgreSQL: stopping project-local cluster"
    as_pg "$bin/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
  else
    say "PostgreSQL: no project-local cluster running"
  fi
  if [ -f "$VAR/run/redis.pid" ] && kill -0 "$(cat "$VAR/run/redis.pid")" 2>/dev/null; then
    say "Redis: stopping project-local server"
    redis-cli -h 127.0.0.1 -p "$REDIS_LOCAL_PORT" shutdown nosave >/dev/null 2>&1 \
      || kill "$(cat "$VAR/run/redis.pid")"
    local i
    for i in $(seq 1 50); do redis_ok "$REDIS_LOCAL_PORT" || break; sleep 0.2; done
    rm -f "$VAR/run/redis.pid"
  else
    say "Redis: no project-local server running"
  fi
}

# --------------------------------------------------------------------------- main
case "${1:-all}" in
  all)      step_packages; step_venv; step_services ;;
  packages) step_packages ;;
  venv)     step_venv ;;
  services) step_services ;;
  stop)     step_stop ;;
  *)        die "usage: $0 [all|packages|venv|services|stop]" ;;
esac
