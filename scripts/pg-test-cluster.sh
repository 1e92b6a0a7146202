#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL cluster for the test suite: initdb into a temporary
# directory, a free loopback port, trust auth on loopback only, durability off (it is thrown away).
#   eval "$(bash scripts/pg-test-cluster.sh start)"   -> exports PORTCULLIS_TEST_PG_URL, PORTCULLIS_TEST_PG_DIR
#   bash scripts/pg-test-cluster.sh stop "$PORTCULLIS_TEST_PG_DIR"
#   bash scripts/pg-test-cluster.sh pause|resume DIR   -> stop and start the server, keeping its data (fault tests)
# PG_MAX_CONNECTIONS (default 300) sets max_connections, for tests that run out of connections.
set -euo pipefail

bindir=$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -n 1)
if [ -z "$bindir" ]; then
  echo "pg-test-cluster: PostgreSQL server binaries not found; run scripts/install-test-deps.sh" >&2
  exit 1
fi

# initdb and postgres refuse to run as root: run them as the postgres system user then.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/portcullis-pg.XXXXXX)
    chmod 755 "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
    port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
    as_owner "$bindir/initdb" -D "$dir/data" -U portcullis --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    echo "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=${PG_MAX_CONNECTIONS:-300}" >"$dir/options"
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o "$(cat "$dir/options")" \
      >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "export PORTCULLIS_TEST_PG_URL=postgres://portcullis@127.0.0.1:$port/postgres"
    echo "export PORTCULLIS_TEST_PG_DIR=$dir"
    ;;
  stop)
    dir=${2:?usage: pg-test-cluster.sh stop DIR}
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  pause)
    dir=${2:?usage: pg-test-cluster.sh pause DIR}
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  resume)
    dir=${2:?usage: pg-test-cluster.sh resume DIR}
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o "$(cat "$dir/options")" >/dev/null
    ;;
  *)
    echo "usage: pg-test-cluster.sh start | stop DIR | pause DIR | resume DIR" >&2
    exit 2
    ;;
esac
