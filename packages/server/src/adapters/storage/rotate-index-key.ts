import type { Kysely } from 'kysely';
import type { Kms } from '../keys/kms.js';
import { BLIND_INDEXED, reindexTable } from './blind-indexes.js';
import { BLIND_INDEX_PURPOSE, KEYRING_REFRESH_MS, ensureKeyring, insertDataKey, keyNumber, readKeys } from './personal-data.js';
import type { RotationOptions } from './rotate-data-key.js';
import type { Database } from './schema.js';

export interface IndexRotationResult {
  keyId: string;
  reindexed: number;
  /** Index keys no row is indexed with any more (kept wrapped, never used again). */
  retired: string[];
  /** Rows still indexed under an older key (a unique index held another row, or a server wrote during the rotation): run it again. */
  remaining: number;
}

/**
 * A new blind-index key, without downtime. Unlike a data key, an index does not name its key, so a lookup must
 * try every key a row may be indexed with while the rotation runs (`Keyring.indexes`):
 * 1. the new key is added `pending`: servers look up under it too, but still write the old one; wait for them
 *    all to read the key table (twice their refresh);
 * 2. the new key becomes `active` (the old one `previous`, still looked up); every blind index is computed again
 *    from the sealed plaintext, in batches; wait again (servers that still wrote the old key have taken the new one);
 *    a second pass;
 * 3. once no row differs, the older index keys are `retired`: no longer looked up.
 */
export async function rotateIndexKey(db: Kysely<Database>, kms: Kms, o: RotationOptions = {}): Promise<IndexRotationResult> {
  const log = o.log ?? (() => undefined);
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const settle = o.settleMs ?? 2 * KEYRING_REFRESH_MS;
  await ensureKeyring(db, kms);
  const known = await db.selectFrom('data_keys').select('id').where('purpose', '=', BLIND_INDEX_PURPOSE).execute();
  const keyId = `bi-${Math.max(...known.map((k) => keyNumber(k.id))) + 1}`;
  await insertDataKey(db, kms, keyId, BLIND_INDEX_PURPOSE, new Date().toISOString(), 'pending');
  log(`new blind-index key ${keyId}, looked up but not yet written; waiting for running servers to read it`);
  await sleep(settle);

  // Two active keys for a moment: the higher is written, the other looked up (readKeys); never none.
  await db.updateTable('data_keys').set({ state: 'active' }).where('id', '=', keyId).execute();
  await db.updateTable('data_keys').set({ state: 'previous' }).where('purpose', '=', BLIND_INDEX_PURPOSE).where('state', 'in', ['active', 'pending']).where('id', '!=', keyId).execute();
  const ring = await readKeys(db, kms);
  if (!ring || ring.indexKeyId !== keyId) throw new Error(`the new blind-index key ${keyId} is not the active one`);
  const pass = async (check = false) => {
    let changed = 0;
    let stuck = 0;
    for (const t of BLIND_INDEXED) {
      const n = await reindexTable(db, t, ring, { batch: o.batch, check });
      changed += n.changed;
      stuck += n.stuck;
    }
    return { changed, stuck };
  };
  log(`${keyId} is written now; computing every blind index again`);
  let reindexed = (await pass()).changed;
  log(`re-indexed ${reindexed} rows; waiting for running servers to write with ${keyId}`);
  await sleep(settle);
  reindexed += (await pass()).changed;
  const remaining = (await pass(true)).changed;
  let retired: string[] = [];
  if (remaining === 0) {
    const old = await db.selectFrom('data_keys').select('id').where('purpose', '=', BLIND_INDEX_PURPOSE).where('state', '=', 'previous').execute();
    retired = old.map((r) => r.id);
    if (retired.length) await db.updateTable('data_keys').set({ state: 'retired', retired_at: new Date().toISOString() }).where('id', 'in', retired).execute();
  }
  log(remaining === 0 ? `done: ${reindexed} rows re-indexed; retired ${retired.join(', ') || 'no key'}` : `${remaining} rows still indexed under an older key: run the rotation again`);
  return { keyId, reindexed, retired, remaining };
}
