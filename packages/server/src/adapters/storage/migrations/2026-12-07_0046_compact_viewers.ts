import { SqliteAdapter, type Kysely } from 'kysely';

const DAY_MS = 86_400_000;
/** Old rows converted per statement (two parameters each). */
const BATCH = 2000;

/**
 * `analytics_viewers` keyed by the visitor's hash alone, as a 64-bit integer (issue 16: recording a view's new visitor
 * must cost under 5% of a page). The hash already covers the day (its salt changes every UTC day) and the credential,
 * so the old key (day text, credential id, 22-character hash: some 70 bytes in two B-trees on SQLite) becomes one
 * 8-byte key: `integer primary key` on SQLite (the rowid itself: one B-tree), `bigint primary key` on PostgreSQL. The
 * day stays as a plain column (days since 1970-01-01, UTC), read only when the days before today are forgotten.
 *
 * Rows already there are converted, not dropped: the new key is the first 64 bits of the same SHA-256 whose first 132
 * bits the old hash held (base64url), so a visitor of today already written stays recognised after the upgrade and is
 * not counted a second time today. (Two old rows whose first 64 bits agree become one: odds in docs/analytics.md.)
 * down() cannot give back the 132 bits: it restores the old table empty (today's visitors would count again).
 * Frozen: no app imports.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema.alterTable('analytics_viewers').renameTo('analytics_viewers_0029').execute();
  await db.schema
    .createTable('analytics_viewers')
    .addColumn('viewer', sqlite ? 'integer' : 'bigint', (c) => c.primaryKey()) // SQLite: `integer primary key` is the rowid
    .addColumn('day', 'integer', (c) => c.notNull())
    .execute();

  let after: { day: string; credential_id: string; viewer: string } | undefined;
  for (;;) {
    let q = db.selectFrom('analytics_viewers_0029').select(['day', 'credential_id', 'viewer']).orderBy('day').orderBy('credential_id').orderBy('viewer').limit(BATCH);
    // After the last row converted, in primary key order (a row-value comparison: both engines walk the key's index).
    if (after) {
      const a = after;
      q = q.where((eb) => eb(eb.refTuple('day', 'credential_id', 'viewer'), '>', eb.tuple(a.day, a.credential_id, a.viewer)));
    }
    const rows: Array<{ day: string; credential_id: string; viewer: string }> = await q.execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1];
    const values = rows.map((r) => ({ viewer: Buffer.from(r.viewer, 'base64url').readBigInt64BE(0), day: Date.parse(`${r.day}T00:00:00Z`) / DAY_MS }));
    await db.insertInto('analytics_viewers').values(values).onConflict((oc) => oc.column('viewer').doNothing()).execute();
  }
  await db.schema.dropTable('analytics_viewers_0029').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('analytics_viewers').execute();
  await db.schema
    .createTable('analytics_viewers')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('viewer', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_viewers_pk', ['day', 'credential_id', 'viewer'])
    .execute();
}
