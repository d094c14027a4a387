import type { Kysely } from 'kysely';
import type { Kms } from '../keys/kms.js';
import { KEYRING_REFRESH_MS, ensureKeyring, insertDataKey, isSharedDataKey, keyNumber, orgDataKeyId, orgOfDataKey, readKeys } from './personal-data.js';
import type { Database } from './schema.js';
import { SEALED_COLUMNS, resealTable, sealedKeyUsage } from './sealed-columns.js';

export interface RotationOptions {
  /** Rows read and rewritten at a time. */
  batch?: number;
  /** How long to wait after the first pass for running servers to read the key table again (default: twice their refresh). */
  settleMs?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (message: string) => void;
}

export interface RotationResult {
  keyId: string;
  resealed: number;
  /** Keys no value is sealed with any more (kept wrapped, so older backups still read). */
  retired: string[];
  /** Values still sealed with an older key (a server wrote during the rotation): run it again. */
  remaining: number;
}

/**
 * A new data key, without downtime: servers keep reading values sealed with the older keys (their ids are
 * in the values) and pick the new key for writes within KEYRING_REFRESH_MS; meanwhile every sealed column
 * is re-sealed in batches, a row at a time, each write conditional on the row still holding what was read.
 * Once no value names an older key, those keys are marked retired.
 *
 * Every organisation (not deleted) gets a new key of its own too (`pdo-N-<org>`, its first if it had none), and
 * each row's values go under its organisation's key: this is how values sealed under the shared key before
 * organisation keys existed move to them.
 */
export async function rotateDataKey(db: Kysely<Database>, kms: Kms, o: RotationOptions = {}): Promise<RotationResult> {
  const log = o.log ?? (() => undefined);
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const before = await ensureKeyring(db, kms);
  const keyId = `pd-${Math.max(...before.keyIds.filter(isSharedDataKey).map(keyNumber)) + 1}`;
  const now = new Date().toISOString();
  await insertDataKey(db, kms, keyId, 'personal-data', now);
  const orgs = await db.selectFrom('organisations').select('id').where('deleted_at', 'is', null).execute();
  const fresh = [keyId];
  for (const { id: orgId } of orgs) {
    const own = before.keyIds.filter((k) => orgOfDataKey(k) === orgId).map(keyNumber);
    const orgKey = orgDataKeyId(orgId, Math.max(0, ...own) + 1);
    await insertDataKey(db, kms, orgKey, 'personal-data', now);
    fresh.push(orgKey);
  }
  await db.updateTable('data_keys').set({ state: 'previous' }).where('purpose', '=', 'personal-data').where('state', '=', 'active').where('id', 'not in', fresh).execute();
  const ring = await readKeys(db, kms);
  if (!ring || ring.activeKeyId !== keyId) throw new Error(`the new data key ${keyId} is not the active one`);
  log(`new data keys ${keyId} and ${fresh.length - 1} organisations' own; re-sealing personal data`);
  const pass = async () => {
    let n = 0;
    for (const t of SEALED_COLUMNS) n += await resealTable(db, t, ring, { batch: o.batch });
    return n;
  };
  let resealed = await pass();
  log(`re-sealed ${resealed} rows; waiting for running servers to take the new key`);
  await sleep(o.settleMs ?? 2 * KEYRING_REFRESH_MS);
  resealed += await pass();
  const current = new Set(fresh);
  const { inUse, stale: remaining } = await sealedKeyUsage(db, (id) => current.has(id));
  const old = await db.selectFrom('data_keys').select('id').where('purpose', '=', 'personal-data').where('state', '=', 'previous').execute();
  // A previous key no value names any more is retired (kept wrapped: a backup taken before still reads).
  const retired = old.map((r) => r.id).filter((id) => !inUse.has(id));
  for (let i = 0; i < retired.length; i += 500) {
    await db.updateTable('data_keys').set({ state: 'retired', retired_at: new Date().toISOString() }).where('id', 'in', retired.slice(i, i + 500)).execute();
  }
  log(remaining === 0 ? `done: ${resealed} rows re-sealed; retired ${retired.join(', ') || 'no key'}` : `${remaining} values still use an older key: run the rotation again`);
  return { keyId, resealed, retired, remaining };
}

/** The key table, for `laurel keys status` (no key material). */
export async function dataKeyStatus(db: Kysely<Database>): Promise<Array<{ id: string; purpose: string; kms: string; state: string; createdAt: string; retiredAt: string | null }>> {
  const rows = await db.selectFrom('data_keys').select(['id', 'purpose', 'kms', 'state', 'created_at', 'retired_at']).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, purpose: r.purpose, kms: r.kms, state: r.state, createdAt: r.created_at, retiredAt: r.retired_at }));
}
