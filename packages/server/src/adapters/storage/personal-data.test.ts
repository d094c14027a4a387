import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aesGcmVault } from '../keys/key-vault.js';
import { localKms } from '../keys/kms.js';
import { migrateToLatest, openStorage, type Storage } from './db.js';
import { UnknownDataKey, ensureKeyring, personalDataKeys, type Keyring } from './personal-data.js';

describe('personal-data keys (envelope encryption, blind index)', () => {
  let storage: Storage;
  let ring: Keyring;
  const kms = localKms(aesGcmVault(Buffer.alloc(32, 7)));
  beforeAll(async () => {
    storage = openStorage({ sqliteFile: ':memory:' });
    await migrateToLatest(storage.db);
    ring = await ensureKeyring(storage.db, kms);
  });
  afterAll(async () => storage?.destroy());

  it('stores data keys only wrapped, and two starts agree on the same keys', async () => {
    const rows = await storage.db.selectFrom('data_keys').selectAll().execute();
    expect(rows.map((r) => [r.id, r.purpose, r.state, r.kms])).toEqual([['bi-1', 'blind-index', 'active', 'local'], ['pd-1', 'personal-data', 'active', 'local']]);
    const again = await ensureKeyring(storage.db, kms);
    expect(again.open(ring.seal('ada@example.org', 'c.x'), 'c.x')).toBe('ada@example.org');
    expect(again.index('email', 'ada@example.org')).toBe(ring.index('email', 'ada@example.org'));
  });

  it('seals with a fresh IV, binds the column, and refuses tampering, another column and an unknown key', () => {
    const a = ring.seal('Zoë Keller', 'credentials.recipient_name');
    expect(a).toMatch(/^pd1\.pd-1\./);
    expect(ring.seal('Zoë Keller', 'credentials.recipient_name')).not.toBe(a);
    expect(ring.open(a, 'credentials.recipient_name')).toBe('Zoë Keller');
    expect(() => ring.open(a, 'credentials.recipient_identity')).toThrow();
    const flipped = a.slice(0, -2) + (a.endsWith('AA') ? 'BB' : 'AA');
    expect(() => ring.open(flipped, 'credentials.recipient_name')).toThrow();
    expect(() => ring.open(a.replace('pd1.pd-1.', 'pd1.pd-9.'), 'credentials.recipient_name')).toThrow(UnknownDataKey);
    // The erasure marker is not sealed and reads as it is.
    expect(ring.open('erased:abc', 'credentials.recipient_identity')).toBe('erased:abc');
  });

  it('the blind index depends on the key: another master key gives other indexes and cannot unwrap these keys', async () => {
    const other = openStorage({ sqliteFile: ':memory:' });
    await migrateToLatest(other.db);
    const theirs = await ensureKeyring(other.db, localKms(aesGcmVault(Buffer.alloc(32, 8))));
    expect(theirs.index('email', 'ada@example.org')).not.toBe(ring.index('email', 'ada@example.org'));
    await other.destroy();
    await expect(ensureKeyring(storage.db, localKms(aesGcmVault(Buffer.alloc(32, 8))))).rejects.toThrow();
  });

  it('search tokens: word prefixes of name and identity, a whole address only whole', () => {
    const stored = ring.searchTokens('Zoë Keller', 'zoe.k@example.org');
    const finds = (q: string) => ring.queryTokens(q).every((t) => stored.includes(` ${t} `));
    // A partial address is searched word by word; a complete one only whole.
    for (const q of ['zoe', 'ZOË K', 'kel', 'Keller Zoe', 'zoe.k@example.org', 'ZOE.K@Example.org', 'example', 'zoe@', 'zoe.k@exam']) expect(finds(q), q).toBe(true);
    for (const q of ['ller', 'zoe.k@example.com', 'keller x', 'k@example.org']) expect(finds(q), q).toBe(false);
    expect(stored).not.toMatch(/keller|example/i);
  });

  it('search tokens: a word of the name that comes back in the address is one set of tokens, in first-seen order', () => {
    const stored = ring.searchTokens('Ada Lovelace', 'ada.lovelace@example.org');
    // What the tokens were before each prefix was MACed once: every prefix of every word, duplicates dropped.
    const words = ['ada', 'lovelace', 'ada', 'lovelace', 'example', 'org'];
    const expected = [...new Set([ring.queryTokens('ada.lovelace@example.org')[0]!, ...words.flatMap((w) => Array.from({ length: w.length }, (_, n) => ring.queryTokens(w.slice(0, n + 1))[0]!))])];
    expect(stored).toBe(` ${expected.join(' ')} `);
    expect(stored.trim().split(' ')).toHaveLength(1 + 3 + 8 + 7 + 3);
  });

  it('seals a value in pieces, pausing between them, as one sealed value that opens whole', async () => {
    const pieces = ['[', '{"name":"Zoë"}', ',', '{"name":"🎓 ', 'x"}', '', ']'.repeat(1), 'a'.repeat(100_001)];
    for (let n = 1; n <= pieces.length; n++) {
      const some = pieces.slice(0, n);
      let pauses = 0;
      const sealed = await ring.sealInPieces(some, 'bulk_imports.rows', null, async () => void pauses++);
      expect(pauses).toBe(some.length);
      expect(sealed.startsWith(`pd1.${ring.activeKeyId}.`)).toBe(true);
      expect(ring.open(sealed, 'bulk_imports.rows')).toBe(some.join(''));
      // The same binding to its column as `seal`: another column's context does not open it.
      expect(() => ring.open(sealed, 'credentials.recipient_name')).toThrow();
    }
    // Sealed again, a new IV: never the same value twice.
    const once = await ring.sealInPieces(['same'], 'bulk_imports.rows', null, async () => {});
    expect(await ring.sealInPieces(['same'], 'bulk_imports.rows', null, async () => {})).not.toBe(once);
  });

  it('a process reads the key table again when it meets a key it has not seen (a rotation elsewhere)', async () => {
    const keys = personalDataKeys(storage.db, kms);
    await keys.ready();
    expect((await keys.keyring(storage.db)).keyIds).toEqual(['pd-1']);
    const { insertDataKey } = await import('./personal-data.js');
    await insertDataKey(storage.db, kms, 'pd-2', 'personal-data', new Date().toISOString());
    expect((await keys.reload(storage.db)).activeKeyId).toBe('pd-2');
  });

  it('blind-index keys by state: a pending or previous key is looked up but never written, a retired one is forgotten', async () => {
    const { insertDataKey, readKeys } = await import('./personal-data.js');
    const at = new Date().toISOString();
    const one = (await readKeys(storage.db, kms))!;
    const under1 = one.index('email', 'ada@example.org');
    expect(one.indexes('email', 'ada@example.org')).toEqual([under1]);
    await insertDataKey(storage.db, kms, 'bi-2', 'blind-index', at, 'pending');
    const pending = (await readKeys(storage.db, kms))!;
    expect(pending.indexKeyId).toBe('bi-1');
    expect(pending.index('email', 'ada@example.org')).toBe(under1);
    const [first, second] = pending.indexes('email', 'ada@example.org');
    expect(first).toBe(under1);
    expect(second).not.toBe(under1);
    // Search tokens: one set per key, the written key's first.
    expect(pending.queryTokenSets('zoe keller')).toEqual([pending.queryTokens('zoe keller'), expect.not.arrayContaining(pending.queryTokens('zoe keller'))]);
    // Both active for a moment (the rotation's switch): the higher one is written.
    await storage.db.updateTable('data_keys').set({ state: 'active' }).where('id', '=', 'bi-2').execute();
    const both = (await readKeys(storage.db, kms))!;
    expect(both.indexKeyId).toBe('bi-2');
    expect(both.indexes('email', 'ada@example.org')).toEqual([second, under1]);
    await storage.db.updateTable('data_keys').set({ state: 'retired' }).where('id', '=', 'bi-1').execute();
    expect((await readKeys(storage.db, kms))!.indexes('email', 'ada@example.org')).toEqual([second]);
  });
});

describe('per-organisation data keys', () => {
  const kms = localKms(aesGcmVault(Buffer.alloc(32, 9)));
  it('seal under the organisation key, bind the organisation, read older shared-key values, and fall back (noting it) without one', async () => {
    const storage = openStorage({ sqliteFile: ':memory:' });
    try {
      await migrateToLatest(storage.db);
      const { ensureOrganisationKey, readKeys } = await import('./personal-data.js');
      const shared = (await ensureKeyring(storage.db, kms)).seal('old@example.org', 't.c');
      await ensureOrganisationKey(storage.db, kms, 'org-a');
      expect(await ensureOrganisationKey(storage.db, kms, 'org-a')).toBe(false);
      const missing: string[] = [];
      const ring = (await readKeys(storage.db, kms, { onMissing: (o) => missing.push(o) }))!;
      const a = ring.seal('ada@example.org', 't.c', 'org-a');
      expect(a.startsWith('pd1.pdo-1-org-a.')).toBe(true);
      expect(ring.open(a, 't.c')).toBe('ada@example.org');
      // Renamed to another organisation's key id, it does not open (the organisation is bound, and the key differs).
      expect(() => ring.open(a.replace('pdo-1-org-a', 'pd-1'), 't.c')).toThrow();
      // A value sealed under the shared key before the organisation had one still reads.
      expect(ring.open(shared, 't.c')).toBe('old@example.org');
      // An organisation without a key yet: the shared key, and it is noted (its key is made after the transaction).
      expect(ring.seal('bo@example.org', 't.c', 'org-b').startsWith('pd1.pd-1.')).toBe(true);
      expect(missing).toEqual(['org-b']);
      // Without its key rows, an organisation's values no longer open.
      await storage.db.deleteFrom('data_keys').where('id', 'like', 'pdo-%-org-a').execute();
      const after = (await readKeys(storage.db, kms))!;
      expect(() => after.open(a, 't.c')).toThrow(UnknownDataKey);
    } finally {
      await storage.destroy();
    }
  });
});

describe('sealed tables and organisation keys', () => {
  it('every sealed table with an org_id column seals under the organisation key (listed in ORG_SCOPED_TABLES), and only those', async () => {
    const { SEALED_COLUMNS, ORG_SCOPED_TABLES } = await import('./sealed-columns.js');
    const storage = openStorage({ sqliteFile: ':memory:' });
    try {
      await migrateToLatest(storage.db);
      const tables = await storage.db.introspection.getTables();
      const withOrg = new Set(tables.filter((t) => t.columns.some((c) => c.name === 'org_id')).map((t) => t.name));
      for (const t of new Set(SEALED_COLUMNS.map((c) => c.table))) expect(ORG_SCOPED_TABLES.has(t), t).toBe(withOrg.has(t));
    } finally {
      await storage.destroy();
    }
  });
});

describe('organisations made before their keys existed (an upgrade)', () => {
  it('get a key at their next write outside a transaction (never a deleted one), and rotate-data moves their older values under it', async () => {
    const { personalDataKeys: keysFor } = await import('./personal-data.js');
    const { rotateDataKey } = await import('./rotate-data-key.js');
    const { sealContext } = await import('./sealed-columns.js');
    const kms = localKms(aesGcmVault(Buffer.alloc(32, 11)));
    const storage = openStorage({ sqliteFile: ':memory:' });
    try {
      await migrateToLatest(storage.db);
      const at = new Date().toISOString();
      await storage.db.insertInto('organisations').values([
        { id: 'org-old', name: 'Old', settings: '{}', created_at: at, updated_at: at },
        { id: 'org-gone', name: 'Gone', settings: '{}', created_at: at, updated_at: at, deleted_at: at },
      ]).execute();
      const keys = keysFor(storage.db, kms);
      const first = await keys.keyring(storage.db);
      const OPT_OUT = sealContext('email_opt_outs', 'email_sealed');
      const older = first.seal('ada@example.org', OPT_OUT, 'org-old');
      expect(older.startsWith('pd1.pd-1.')).toBe(true);
      first.seal('x', OPT_OUT, 'org-gone');
      await storage.db.insertInto('email_opt_outs').values({ email: first.index('email', 'ada@example.org'), email_sealed: older, org_id: 'org-old', created_at: at }).execute();
      const next = await keys.keyring(storage.db);
      expect(next.seal('bo@example.org', OPT_OUT, 'org-old').startsWith('pd1.pdo-1-org-old.')).toBe(true);
      expect(next.activeKeyFor('org-gone')).toBe('pd-1');
      expect((await storage.db.selectFrom('data_keys').select('id').where('id', 'like', 'pdo-%').execute()).map((r) => r.id)).toEqual(['pdo-1-org-old']);
      // The rotation: a new key for the organisation, its older value moved under it, and both older keys retired.
      const result = await rotateDataKey(storage.db, kms, { settleMs: 0 });
      expect(result).toMatchObject({ keyId: 'pd-2', remaining: 0 });
      expect(result.retired.sort()).toEqual(['pd-1', 'pdo-1-org-old']);
      const moved = (await storage.db.selectFrom('email_opt_outs').select('email_sealed').executeTakeFirstOrThrow()).email_sealed!;
      expect(moved.startsWith('pd1.pdo-2-org-old.')).toBe(true);
      expect((await keys.reload(storage.db)).open(moved, OPT_OUT)).toBe('ada@example.org');
    } finally {
      await storage.destroy();
    }
  });
});
