import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { foldForSearch } from '../../domain/shared/search-text.js';
import type { Kms } from '../keys/kms.js';
import type { Database } from './schema.js';

/**
 * Personal data at rest (docs/privacy.md): envelope encryption. Addresses and names are sealed with
 * AES-256-GCM under a data key; data keys are stored wrapped by the KMS (the master key locally). A
 * sealed value names its data key, so after a rotation (`laurel keys rotate-data`) old and new values
 * both read until every row is re-sealed. Exact lookups use a keyed blind index (HMAC-SHA-256 under a
 * separate index key, also wrapped): equal addresses give equal index values, the index alone gives
 * nothing away without the key.
 */
export const SEALED_PREFIX = 'pd1.';
const DATA = 'personal-data';
const INDEX = 'blind-index';
/** The key table's purpose of blind-index keys (`laurel keys rotate-index`). */
export const BLIND_INDEX_PURPOSE = INDEX;
/** How long a process trusts its copy of the key table before reading it again (a rotation's new key). */
export const KEYRING_REFRESH_MS = 30_000;

/** A data key a sealed value names is not in the key table (it never was: the value is foreign or corrupt). */
export class UnknownDataKey extends Error {
  constructor(readonly keyId: string) {
    super(`personal data sealed with an unknown data key "${keyId}"`);
  }
}

export interface Keyring {
  /** The data key new values are sealed with. */
  readonly activeKeyId: string;
  /**
   * `context` names the column (`credentials.recipient_name`): a sealed value cannot be moved to another column.
   * With `orgId`, the value is sealed under that organisation's data key (`pdo-N-<org>`), the organisation bound
   * too (`<org>/<context>`): destroying the key (deleting the organisation) makes it unreadable. An organisation
   * without a key yet, or no `orgId` (accounts), seal under the shared key (`pd-N`).
   */
  seal(text: string, context: string, orgId?: string | null): string;
  sealNullable(text: string | null, context: string, orgId?: string | null): string | null;
  /**
   * `seal` of the pieces joined, the same format (`open` reads it), sealed a piece at a time with `pause()` between
   * pieces (a 10 MB value, a bulk import's rows, never holds the event loop for the whole of it).
   */
  sealInPieces(pieces: Iterable<string>, context: string, orgId: string | null | undefined, pause: () => Promise<void>): Promise<string>;
  /** The key a new value of this organisation (or of none) is sealed with. */
  activeKeyFor(orgId?: string | null): string;
  /** Values not sealed (the erasure marker `erased:…`) are returned as they are. */
  open(value: string, context: string): string;
  openNullable(value: string | null, context: string): string | null;
  /** Keyed blind index of an exact value (already normalised by the caller), under the active index key: what writes store. */
  index(kind: string, value: string): string;
  /**
   * The blind indexes a lookup must accept: under the active index key first, then under the index key being
   * rotated to or from (`laurel keys rotate-index`: while it runs, a row may carry either). One value otherwise.
   */
  indexes(kind: string, value: string): string[];
  /** The active blind-index key's id (`bi-N`). */
  readonly indexKeyId: string;
  /** The search tokens stored for a recipient: blind indexes of the name's words and their prefixes, and of the whole identity. */
  searchTokens(name: string | null, identity: string): string;
  /** The tokens a search must all find (see docs/privacy.md, "Searching encrypted names"), under the active index key. */
  queryTokens(q: string): string[];
  /** One set of query tokens per index key a lookup accepts (a row's tokens are all under one key: any set matching whole is a match). */
  queryTokenSets(q: string): string[][];
  /** The key ids this keyring can open. */
  readonly keyIds: readonly string[];
}

export interface PersonalDataKeys {
  readonly kms: Kms;
  /** Loads (and on first use creates) the keys through the root connection; call before a transaction. */
  ready(): Promise<void>;
  /** The keys, read again through `db` (a transaction is fine) when older than KEYRING_REFRESH_MS. */
  keyring(db: Kysely<Database>): Promise<Keyring>;
  /** The keys, read again through `db` now (a value named a key this process had not seen). */
  reload(db: Kysely<Database>): Promise<Keyring>;
  /** Make the organisation's data key (through `db`: a transaction is fine) unless it has one, then read the keys again. */
  organisationKey(db: Kysely<Database>, orgId: string): Promise<void>;
  /** Make the keys of organisations that sealed under the shared key for want of one (outside a transaction). */
  makeMissingKeys(): Promise<void>;
  /** Forget an organisation's keys held in memory (its key rows were deleted: the organisation is). */
  forget(orgId: string): void;
}

interface KeyRow { id: string; purpose: string; wrapped: string; state: string }

const ORG_KEY = /^pdo-(\d+)-(.+)$/;
/** An organisation's data key id: `pdo-<N>-<organisation id>` (the organisation is in the id, bound to the wrapped key). */
export const orgDataKeyId = (orgId: string, n: number) => `pdo-${n}-${orgId}`;
/** The organisation a data key belongs to (undefined: the shared key). */
export const orgOfDataKey = (keyId: string): string | undefined => ORG_KEY.exec(keyId)?.[2];
/** Whether a data key id is a shared one (`pd-N`), not an organisation's. */
export const isSharedDataKey = (keyId: string) => /^pd-\d+$/.test(keyId);
/** The SQL `like` pattern of every data key of an organisation. */
export const orgDataKeyPattern = (orgId: string) => `pdo-%-${orgId}`;

const MIN_PREFIX = 1;
const MAX_PREFIX = 16;

/** A blind-index key: `bi-N`. The first of a keyring's index keys is the active one (writes); the others are only looked up. */
interface IndexKey { id: string; key: Buffer }

function buildKeyring(data: Map<string, Buffer>, activeKeyId: string, indexKeys: IndexKey[], orgActive: Map<string, string>, onMissing: (orgId: string) => void): Keyring {
  const aad = (keyId: string, context: string) => {
    const org = orgOfDataKey(keyId);
    return Buffer.from(org === undefined ? context : `${org}/${context}`, 'utf8');
  };
  const activeKeyFor = (orgId?: string | null) => {
    if (!orgId) return activeKeyId;
    const own = orgActive.get(orgId);
    if (own === undefined) onMissing(orgId);
    return own ?? activeKeyId;
  };
  // A key object made once: an HMAC keyed with raw bytes imports them anew each time (a recipient's search tokens are ~30 HMACs).
  const macWith = (indexKey: Buffer) => {
    const key = createSecretKey(indexKey);
    return (kind: string, value: string, length: number) => createHmac('sha256', key).update(`${kind}\0${value}`).digest('base64url').slice(0, length);
  };
  const macs = indexKeys.map((k) => macWith(k.key));
  const mac = macs[0]!;
  const tokenWith = (m: typeof mac) => (kind: string, value: string) => `${kind}${m(kind, value, 12)}`;
  const token = tokenWith(mac);
  const queryTokensWith = (tok: typeof token) => (q: string) => {
    const folded = foldForSearch(q.trim());
    // A whole address (or URL, DID, tel: identity) is found by its own token; anything else word by word, each a prefix.
    if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(folded) || /^[a-z][a-z0-9+.-]*:\S+$/.test(folded)) return [tok('a', folded)];
    return words(folded).map((w) => tok('p', w.slice(0, MAX_PREFIX)));
  };
  const words = (text: string) => foldForSearch(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const keyring: Keyring = {
    activeKeyId,
    keyIds: [...data.keys()],
    activeKeyFor,
    seal(text, context, orgId) {
      const keyId = activeKeyFor(orgId);
      const key = data.get(keyId)!;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad(keyId, context));
      const ct = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return `${SEALED_PREFIX}${keyId}.${Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64url')}`;
    },
    sealNullable: (text, context, orgId) => (text === null ? null : keyring.seal(text, context, orgId)),
    async sealInPieces(pieces, context, orgId, pause) {
      const keyId = activeKeyFor(orgId);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', data.get(keyId)!, iv);
      cipher.setAAD(aad(keyId, context));
      // base64url of whole 3-byte groups only, the rest carried to the next piece: the pieces' text joined is the
      // encoding of the whole (IV, ciphertext, tag), as `seal` writes it.
      const encoded: string[] = [];
      let carry: Buffer = iv;
      const encode = (bytes: Buffer, last: boolean) => {
        const all = carry.length > 0 ? Buffer.concat([carry, bytes]) : bytes;
        const cut = last ? all.length : all.length - (all.length % 3);
        encoded.push(all.subarray(0, cut).toString('base64url'));
        carry = all.subarray(cut);
      };
      for (const piece of pieces) {
        encode(cipher.update(piece, 'utf8'), false);
        await pause();
      }
      encode(Buffer.concat([cipher.final(), cipher.getAuthTag()]), true);
      return `${SEALED_PREFIX}${keyId}.${encoded.join('')}`;
    },
    open(value, context) {
      if (!value.startsWith(SEALED_PREFIX)) return value;
      const [keyId, payload] = value.slice(SEALED_PREFIX.length).split('.');
      const key = keyId === undefined ? undefined : data.get(keyId);
      if (!key || !payload) throw new UnknownDataKey(keyId ?? '');
      const bytes = Buffer.from(payload, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAAD(aad(keyId!, context));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString('utf8');
    },
    openNullable: (value, context) => (value === null ? null : keyring.open(value, context)),
    index: (kind, value) => mac(`index:${kind}`, value, 32),
    indexes: (kind, value) => [...new Set(macs.map((m) => m(`index:${kind}`, value, 32)))],
    indexKeyId: indexKeys[0]!.id,
    searchTokens(name, identity) {
      // The whole identity, and every prefix of every word of the name and of the identity (its local part, its domain).
      // Each prefix MACed once (a name's words come back in the address: "Ada Lovelace", ada.lovelace@…).
      const prefixes = new Set<string>();
      for (const word of new Set([...words(name ?? ''), ...words(identity)])) {
        for (let n = MIN_PREFIX; n <= Math.min(word.length, MAX_PREFIX); n++) prefixes.add(word.slice(0, n));
      }
      const tokens = new Set<string>([token('a', foldForSearch(identity.trim()))]);
      for (const prefix of prefixes) tokens.add(token('p', prefix));
      return ` ${[...tokens].join(' ')} `;
    },
    queryTokens: queryTokensWith(token),
    queryTokenSets: (q) => macs.map((m) => queryTokensWith(tokenWith(m))(q)),
  };
  return keyring;
}

/** Unwrapped keys by id and wrapped material: a process unwraps each key once (a cloud KMS call each), not at every refresh. */
export type UnwrapCache = Map<string, Buffer>;

export async function readKeys(db: Kysely<Database>, kms: Kms, o: { cache?: UnwrapCache; onMissing?: (orgId: string) => void } = {}): Promise<Keyring | undefined> {
  const rows: KeyRow[] = await db.selectFrom('data_keys').select(['id', 'purpose', 'wrapped', 'state']).execute();
  const data = new Map<string, Buffer>();
  const orgActive = new Map<string, string>();
  let active: string | undefined;
  // A key whose row is gone (its organisation deleted) is not kept in memory either.
  const live = new Set(rows.map((r) => `${r.id}\n${r.wrapped}`));
  for (const k of [...(o.cache?.keys() ?? [])]) if (!live.has(k)) o.cache!.delete(k);
  const unwrap = async (r: KeyRow) => {
    const cacheKey = `${r.id}\n${r.wrapped}`;
    const cached = o.cache?.get(cacheKey);
    if (cached) return cached;
    const key = await kms.unwrap(r.wrapped, `${r.purpose}\n${r.id}`);
    o.cache?.set(cacheKey, key);
    return key;
  };
  let indexKey: IndexKey | undefined;
  const lookupOnly: IndexKey[] = [];
  for (const r of rows) {
    // A retired index key indexes nothing any more (a rotation re-indexed every row): not even unwrapped.
    if (r.purpose === INDEX && r.state === 'retired') continue;
    const key = await unwrap(r);
    if (r.purpose === INDEX) {
      // The active one is written; a `pending` (rotation starting) or `previous` (rotation running) one is looked up too.
      if (r.state !== 'active') lookupOnly.push({ id: r.id, key });
      else if (!indexKey || keyNumber(r.id) > keyNumber(indexKey.id)) {
        if (indexKey) lookupOnly.push(indexKey);
        indexKey = { id: r.id, key };
      } else lookupOnly.push({ id: r.id, key });
    } else {
      data.set(r.id, key);
      const org = orgOfDataKey(r.id);
      if (r.state !== 'active') continue;
      if (org !== undefined) {
        const current = orgActive.get(org);
        if (current === undefined || keyNumber(r.id) > keyNumber(current)) orgActive.set(org, r.id);
      } else if (!active || keyNumber(r.id) > keyNumber(active)) active = r.id;
    }
  }
  lookupOnly.sort((a, b) => keyNumber(b.id) - keyNumber(a.id));
  return active && indexKey ? buildKeyring(data, active, [indexKey, ...lookupOnly], orgActive, o.onMissing ?? (() => undefined)) : undefined;
}

export const keyNumber = (id: string) => Number(id.split('-')[1] ?? 0);

/** Insert a key row unless its id exists (two processes starting at once agree on `pd-1` and `bi-1`). */
export async function insertDataKey(db: Kysely<Database>, kms: Kms, id: string, purpose: string, now: string, state = 'active'): Promise<void> {
  const wrapped = await kms.wrap(randomBytes(32), `${purpose}\n${id}`);
  await db
    .insertInto('data_keys')
    .values({ id, purpose, wrapped, kms: kms.name, state, created_at: now, retired_at: null })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** The first data key and the index key, made once; then the keyring. */
export async function ensureKeyring(db: Kysely<Database>, kms: Kms): Promise<Keyring> {
  const existing = await readKeys(db, kms);
  if (existing) return existing;
  const now = new Date().toISOString();
  await insertDataKey(db, kms, 'bi-1', INDEX, now);
  await insertDataKey(db, kms, 'pd-1', DATA, now);
  const made = await readKeys(db, kms);
  if (!made) throw new Error('the personal-data keys could not be created');
  return made;
}

/**
 * An organisation's first data key (`pdo-1-<org>`), made through `db` (the transaction creating the organisation
 * is fine: the key is committed with it), unless it has one. Returns whether one was made.
 */
export async function ensureOrganisationKey(db: Kysely<Database>, kms: Kms, orgId: string, now = new Date().toISOString()): Promise<boolean> {
  const existing = await db.selectFrom('data_keys').select('id').where('purpose', '=', DATA).where('id', 'like', orgDataKeyPattern(orgId)).executeTakeFirst();
  if (existing) return false;
  await insertDataKey(db, kms, orgDataKeyId(orgId, 1), DATA, now);
  return true;
}

/** The store's keys: one copy per process, refreshed from the key table now and then. */
export function personalDataKeys(root: Kysely<Database>, kms: Kms, now: () => number = () => Date.now()): PersonalDataKeys {
  let current: { ring: Keyring; at: number } | undefined;
  let loading: Promise<void> | undefined;
  const cache: UnwrapCache = new Map();
  // Organisations a value was sealed for under the shared key because they had no key yet (made before the upgrade).
  const missing = new Set<string>();
  const read = (db: Kysely<Database>) => readKeys(db, kms, { cache, onMissing: (orgId) => missing.add(orgId) });
  const keep = (ring: Keyring) => {
    current = { ring, at: now() };
    return ring;
  };
  const self: PersonalDataKeys = {
    kms,
    ready() {
      if (current) return Promise.resolve();
      loading ??= ensureKeyring(root, kms)
        .then(() => read(root))
        .then((ring) => keep(ring!))
        .then(
          () => undefined,
          (error: unknown) => {
            loading = undefined;
            throw error;
          },
        );
      return loading;
    },
    async keyring(db) {
      if (!current) {
        // Inside a transaction the keys were loaded before it began (Store.transaction awaits ready()).
        if (db.isTransaction) {
          const ring = await read(db);
          if (!ring) throw new Error('the personal-data keys are not created yet');
          return keep(ring);
        }
        await self.ready();
      }
      if (!db.isTransaction && missing.size > 0) await self.makeMissingKeys();
      if (now() - current!.at > KEYRING_REFRESH_MS) return self.reload(db);
      return current!.ring;
    },
    async reload(db) {
      const ring = await read(db);
      if (!ring) throw new Error('the personal-data keys are not created yet');
      return keep(ring);
    },
    async organisationKey(db, orgId) {
      if (await ensureOrganisationKey(db, kms, orgId)) await self.reload(db);
    },
    async makeMissingKeys() {
      const orgs = [...missing];
      missing.clear();
      let made = false;
      for (const orgId of orgs) {
        // Only for an organisation that exists (and is not deleted): a deleted one's key must not come back.
        const org = await root.selectFrom('organisations').select('id').where('id', '=', orgId).where('deleted_at', 'is', null).executeTakeFirst();
        if (org && (await ensureOrganisationKey(root, kms, orgId))) made = true;
      }
      if (made) await self.reload(root);
    },
    forget(orgId) {
      for (const k of [...cache.keys()]) if (orgOfDataKey(k.split('\n')[0]!) === orgId) cache.delete(k);
      missing.delete(orgId);
    },
  };
  return self;
}

/** Run `fn` with the keys; if a value names a key this process has not seen (a rotation elsewhere), read the keys again once. */
export async function withKeys<T>(keys: PersonalDataKeys, db: Kysely<Database>, fn: (k: Keyring) => T): Promise<T> {
  const ring = await keys.keyring(db);
  try {
    return fn(ring);
  } catch (error) {
    if (!(error instanceof UnknownDataKey)) throw error;
    return fn(await keys.reload(db));
  }
}
