#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh. Stop every Laurel instance first.
#
#   deploy/restore.sh [--force] <backup-dir>
#
# Checks the MANIFEST sums, then:
#   PostgreSQL (DATABASE_URL set): pg_restore into that database; it must be empty unless --force,
#                                  which drops Laurel's objects first (pg_restore --clean --if-exists).
#   SQLite: writes $LAUREL_DATA_DIR/laurel.db (mode 0600); refuses to replace an existing database unless
#           --force, and checks the result with PRAGMA integrity_check.
# A master.key in the backup is written to $LAUREL_MASTER_KEY_FILE or $LAUREL_DATA_DIR/master.key when
# no key is there yet (an existing key file is never replaced: compare them yourself).
# Start Laurel afterwards: it applies any migration the backup predates.
set -euo pipefail
umask 077

force=false
if [ "${1:-}" = "--force" ]; then force=true; shift; fi
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 [--force] <backup-dir>" >&2
  exit 2
fi
backup="$(cd "$1" && pwd)"
root="$(cd "$(dirname "$0")/.." && pwd)"
data_dir="${LAUREL_DATA_DIR:-./data}"
key_file="${LAUREL_MASTER_KEY_FILE:-$data_dir/master.key}"

[ -f "$backup/MANIFEST" ] || { echo "restore: $backup has no MANIFEST" >&2; exit 1; }
(cd "$backup" && sha256sum --check --quiet --strict MANIFEST) || { echo "restore: $backup does not match its MANIFEST (damaged or altered); nothing restored" >&2; exit 1; }
engine="$(cat "$backup/ENGINE")"

if [ "$engine" = "postgresql" ]; then
  [ -n "${DATABASE_URL:-}" ] || { echo "restore: this is a PostgreSQL backup: set DATABASE_URL" >&2; exit 1; }
  command -v pg_restore >/dev/null || { echo "restore: pg_restore is needed for PostgreSQL" >&2; exit 1; }
  if ! $force; then
    tables="$(psql "$DATABASE_URL" -Atc "select count(*) from information_schema.tables where table_schema = current_schema() and table_name = 'credentials'")"
    [ "$tables" = "0" ] || { echo "restore: the database already holds Laurel's tables; use --force to replace them" >&2; exit 1; }
  fi
  clean=()
  $force && clean=(--clean --if-exists)
  pg_restore --no-owner --no-privileges --exit-on-error "${clean[@]}" --dbname="$DATABASE_URL" "$backup/laurel.pgdump"
elif [ "$engine" = "sqlite" ]; then
  [ -z "${DATABASE_URL:-}" ] || { echo "restore: this is a SQLite backup but DATABASE_URL is set" >&2; exit 1; }
  db="$data_dir/laurel.db"
  if [ -e "$db" ] && ! $force; then
    echo "restore: $db exists; use --force to replace it" >&2
    exit 1
  fi
  mkdir -p "$data_dir"
  chmod 700 "$data_dir"
  rm -f "$db-wal" "$db-shm" "$db-journal"
  cp "$backup/laurel.db" "$db.restoring"
  chmod 600 "$db.restoring"
  mv -f "$db.restoring" "$db"
  if command -v sqlite3 >/dev/null; then
    result="$(sqlite3 "$db" 'PRAGMA integrity_check')"
  else
    result="$(node -e '
      const [root, file] = process.argv.slice(1);
      const Database = require(require.resolve("better-sqlite3", { paths: [root + "/packages/server", root] }));
      console.log(new Database(file, { readonly: true }).pragma("integrity_check", { simple: true }));
    ' "$root" "$db")"
  fi
  [ "$result" = "ok" ] || { echo "restore: integrity check failed: $result" >&2; exit 1; }
else
  echo "restore: unknown engine '$engine'" >&2
  exit 1
fi

if [ -f "$backup/master.key" ]; then
  if [ -e "$key_file" ]; then
    cmp -s "$backup/master.key" "$key_file" || echo "restore: $key_file exists and differs from the backup's key; left as it is" >&2
  else
    mkdir -p "$(dirname "$key_file")"
    cp "$backup/master.key" "$key_file"
    chmod 600 "$key_file"
  fi
fi
echo "restored $engine from $backup"
