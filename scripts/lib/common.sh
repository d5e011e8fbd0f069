# Shared by scripts/test and scripts/bench: Debian packages on demand, free loopback ports and a
# throwaway PostgreSQL server in a temporary directory. Source it; it defines functions and, once
# `start_throwaway_postgres` ran, exports GATEHOUSE_TEST_POSTGRES_URL and stops the server on exit.

log() { printf '\033[1m[test]\033[0m %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
need_packages() {
  local missing=()
  for spec in "$@"; do
    local cmd=${spec%%:*} pkg=${spec##*:}
    command -v "$cmd" >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/"$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    if [ $apt_updated = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Debian's python3 modules (the tests use /usr/bin/python3, not a python earlier on PATH).
need_python_modules() {
  local missing=()
  for spec in "$@"; do
    local module=${spec%%:*} pkg=${spec##*:}
    /usr/bin/python3 -c "import $module" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    if [ $apt_updated = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# A free loopback port: a random one nobody answers on (bash's /dev/tcp connects or fails at once).
port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Below the kernel's range for outgoing connections (32768+), so no client socket can hold it.
free_port() {
  local port=$((20000 + RANDOM % 12000))
  until port_is_free "$port"; do port=$((20000 + RANDOM % 12000)); done
  echo "$port"
}

# PostgreSQL refuses to run as root: when we are root, the server runs as the `postgres` user.
run_pg() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Starts PostgreSQL as a throwaway server in a new temporary directory ($tmp) and exports its URL.
start_throwaway_postgres() {
  need_packages initdb:postgresql
  pg_bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)")
  [ -x "$pg_bin/initdb" ] || { echo "PostgreSQL's initdb not found" >&2; exit 1; }

  tmp=$(mktemp -d /tmp/gatehouse-test.XXXXXX)
  chmod 755 "$tmp"
  port=$(free_port)
  password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
  trap stop_throwaway_postgres EXIT INT TERM
  mkdir -p "$tmp/pgdata" "$tmp/socket" "$tmp/log"
  printf '%s\n' "$password" > "$tmp/pwfile"
  [ "$(id -u)" = 0 ] && chown -R postgres "$tmp/pgdata" "$tmp/socket" "$tmp/log" "$tmp/pwfile"
  log "starting PostgreSQL on 127.0.0.1:$port"
  run_pg "$pg_bin/initdb" -D "$tmp/pgdata" -U gatehouse --pwfile="$tmp/pwfile" --auth=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 1; }
  run_pg "$pg_bin/pg_ctl" -D "$tmp/pgdata" -l "$tmp/log/postgres.log" -w -t 60 \
    -o "-p $port -k $tmp/socket -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null \
    || { cat "$tmp/log/postgres.log" >&2; exit 1; }

  export GATEHOUSE_TEST_POSTGRES_URL="postgres://gatehouse:$password@127.0.0.1:$port/postgres?sslmode=disable"
}

stop_throwaway_postgres() {
  local status=$?
  if [ -n "${tmp:-}" ] && [ -f "$tmp/pgdata/postmaster.pid" ]; then
    run_pg "$pg_bin/pg_ctl" -D "$tmp/pgdata" -m immediate stop >/dev/null 2>&1 || true
  fi
  [ -n "${tmp:-}" ] && rm -rf "$tmp"
  exit $status
}
