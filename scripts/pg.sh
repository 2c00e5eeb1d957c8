# Sourced by scripts/test-center and scripts/bench (after lib.sh): Debian's PostgreSQL and a
# throwaway cluster on a free port of 127.0.0.1, stopped and deleted on exit.
as_root() { [ "$(id -u)" -eq 0 ] || die "$1 is not installed." "sudo apt-get install $2, then run this again"; }
apt_install() { # apt_install PACKAGE...
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 || {
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
  }
}

pg_bin() { find /usr/lib/postgresql -maxdepth 3 -name initdb -path '*/bin/*' 2>/dev/null | sort -V | tail -n1 | xargs -r dirname; }
ensure_postgres() { # Debian's postgresql, installed when missing; sets PG (its bin directory)
  if [ -n "$(pg_bin)" ]; then
    note "PostgreSQL $("$(pg_bin)/postgres" --version | awk '{print $3}'): present"
  else
    as_root PostgreSQL postgresql
    step "Installing Debian's postgresql (apt-get)"
    apt_install postgresql
  fi
  PG="$(pg_bin)"
  [ -x "$PG/pg_ctl" ] || die "no pg_ctl found under /usr/lib/postgresql" "apt-get install postgresql"
}

start_throwaway_pg() { # sets PG_URL (the postgres database of a fresh cluster)
  ensure_postgres
  step "Starting a throwaway PostgreSQL cluster"
  TMP="$(mktemp -d)"
  PORT_PG="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "there is no postgres user" "apt-get install postgresql creates it"
    chown postgres "$TMP"
    as_pg() { runuser -u postgres -- "$@"; }
  else
    as_pg() { "$@"; }
  fi
  stop_pg() {
    as_pg "$PG/pg_ctl" -D "$TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$TMP"
  }
  trap stop_pg EXIT
  as_pg "$PG/initdb" -D "$TMP/data" -U postgres -A trust -E UTF8 --no-sync >"$TMP/initdb.log" 2>&1 ||
    { cat "$TMP/initdb.log"; die "initdb failed"; }
  as_pg "$PG/pg_ctl" -D "$TMP/data" -l "$TMP/server.log" -w -t 60 \
    -o "-p $PORT_PG -k $TMP -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null ||
    { cat "$TMP/server.log"; die "PostgreSQL did not start"; }
  note "PostgreSQL on 127.0.0.1:$PORT_PG (data in $TMP, removed afterwards)"
  PG_URL="postgres://postgres@127.0.0.1:$PORT_PG/postgres"
}
