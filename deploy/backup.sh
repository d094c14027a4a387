#!/usr/bin/env bash
# Back up Laurel's database (and, on request, its master key) into a new directory.
#
#   deploy/backup.sh [--master-key] <backups-dir>
#
# Reads the same environment as Laurel:
#   DATABASE_URL set   -> PostgreSQL: pg_dump --format=custom (needs pg_dump of the server's major version or newer)
#   DATABASE_URL unset -> SQLite: an online, consistent copy of $LAUREL_DATA_DIR/laurel.db (sqlite3 .backup,
#                         or Node's better-sqlite3 where the sqlite3 tool is missing, as in the container image)
# Safe while Laurel runs. Writes <backups-dir>/laurel-<UTC timestamp>/ with the dump, MANIFEST (sha256 sums)
# and, with --master-key, the master key file ($LAUREL_MASTER_KEY_FILE or $LAUREL_DATA_DIR/master.key).
# The master key decrypts every issuer's private key: keep a copy of it apart from the database backups
# (a password manager, a sealed envelope); --master-key is for restores onto a new machine and tests.
# Prints the backup directory on stdout.
set -euo pipefail
umask 077

with_key=false
if [ "${1:-}" = "--master-key" ]; then with_key=true; shift; fi
if [ $# -ne 1 ]; then
  echo "usage: $0 [--master-key] <backups-dir>" >&2
  exit 2
fi

root="$(cd "$(dirname "$0")/.." && pwd)"
data_dir="${LAUREL_DATA_DIR:-./data}"
key_file="${LAUREL_MASTER_KEY_FILE:-$data_dir/master.key}"
out="$1/laurel-$(date -u +%Y%m%dT%H%M%SZ)"
if [ -e "$out" ]; then
  echo "backup: $out already exists" >&2
  exit 1
fi
mkdir -p "$out"

if [ -n "${DATABASE_URL:-}" ]; then
  command -v pg_dump >/dev/null || { echo "backup: pg_dump is needed for PostgreSQL" >&2; exit 1; }
  pg_dump --format=custom --no-owner --no-privileges --file="$out/laurel.pgdump" "$DATABASE_URL"
  echo "postgresql" > "$out/ENGINE"
else
  db="$data_dir/laurel.db"
  [ -f "$db" ] || { echo "backup: no SQLite database at $db (set LAUREL_DATA_DIR)" >&2; exit 1; }
  if command -v sqlite3 >/dev/null; then
    sqlite3 "$db" ".backup '$out/laurel.db'"
  else
    node -e '
      const [root, from, to] = process.argv.slice(1);
      const Database = require(require.resolve("better-sqlite3", { paths: [root + "/packages/server", root] }));
      const db = new Database(from, { readonly: true, fileMustExist: true });
      db.backup(to).then(() => db.close(), (e) => { console.error(e.message); process.exit(1); });
    ' "$root" "$db" "$out/laurel.db"
  fi
  echo "sqlite" > "$out/ENGINE"
fi

if $with_key; then
  if [ -n "${LAUREL_MASTER_KEY:-}" ]; then
    printf '%s\n' "$LAUREL_MASTER_KEY" > "$out/master.key"
  elif [ -f "$key_file" ]; then
    cp "$key_file" "$out/master.key"
  else
    echo "backup: no master key found (LAUREL_MASTER_KEY, $key_file)" >&2
    exit 1
  fi
fi

(cd "$out" && sha256sum -- * > MANIFEST)
echo "$out"
