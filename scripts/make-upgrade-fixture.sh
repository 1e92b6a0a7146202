#!/usr/bin/env bash
# Makes the upgrade test's fixture (issue 26): databases created and seeded by an OLDER commit's own
# code — SQLite as the file, PostgreSQL as a pg_dump — in test/fixtures/upgrade/. Run it again with a
# newer commit when the fixture should move; the test upgrades whatever it finds with today's migrate.
#   bash scripts/make-upgrade-fixture.sh COMMIT
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
commit=$(git -C "$root" rev-parse "${1:?usage: make-upgrade-fixture.sh COMMIT}")
out="$root/test/fixtures/upgrade"
node_bin="$root/node_modules/node/bin/node"
work=$(mktemp -d)
pg_dir=''
cleanup() {
  if [ -n "$pg_dir" ]; then bash "$root/scripts/pg-test-cluster.sh" stop "$pg_dir"; fi
  rm -rf "$work"
}
trap cleanup EXIT

git -C "$root" archive "$commit" | tar -x -C "$work"
(cd "$work" && npm ci --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error)
mkdir -p "$out"

# SQLite: the database file itself, as the old version left it.
rm -f "$out/sqlite.sqlite"
"$node_bin" "$root/scripts/upgrade-fixture-seed.ts" "$work" "sqlite:$work/fixture.sqlite" >"$out/sqlite.json"
"$node_bin" -e "
  const { DatabaseSync } = require('node:sqlite')
  const db = new DatabaseSync(process.argv[1])
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
  db.exec(\"VACUUM INTO '\" + process.argv[2] + \"'\")
  db.close()
" "$work/fixture.sqlite" "$out/sqlite.sqlite"

# PostgreSQL: a plain-SQL dump of a database the old version made.
eval "$(bash "$root/scripts/pg-test-cluster.sh" start)"
pg_dir=$PORTCULLIS_TEST_PG_DIR
bindir=$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -n 1)
"$bindir/psql" -q -d "$PORTCULLIS_TEST_PG_URL" -c 'CREATE DATABASE fixture'
fixture_url="${PORTCULLIS_TEST_PG_URL%/*}/fixture"
"$node_bin" "$root/scripts/upgrade-fixture-seed.ts" "$work" "$fixture_url" >"$out/postgres.json"
"$bindir/pg_dump" --no-owner --no-privileges --format=plain -d "$fixture_url" >"$out/postgres.sql"

printf '%s\n' "$commit" >"$out/COMMIT"
echo "upgrade fixture from $commit in $out" >&2
