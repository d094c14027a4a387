import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { aesGcmVault } from '../../src/adapters/keys/key-vault.js';
import { localKms } from '../../src/adapters/keys/kms.js';
import { BLIND_INDEXED } from '../../src/adapters/storage/blind-indexes.js';
import { KEYRING_REFRESH_MS, readKeys, type Keyring } from '../../src/adapters/storage/personal-data.js';
import { rotateIndexKey } from '../../src/adapters/storage/rotate-index-key.js';
import { accountEmailIndex, ssoSubjectIndex } from '../../src/adapters/storage/sealed-columns.js';
import { makeIdpKey } from '../support/saml-idp.js';
import { ENGINES, PASSWORD, TEST_MASTER_KEY, createTestApp, registerAccount, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

const EMAIL = 'Quintessa.Marlowe-Vey@Example.org';
const NAME = 'Zoë Quintessa Marlowe-Vey';
const ACCOUNT_EMAIL = 'ottoline.brackenridge@example.net';
const INVITED_EMAIL = 'wilhelmina.thistlewood@example.com';
const CODE_EMAIL = 'grace.hopper@example.org';
const kms = localKms(aesGcmVault(TEST_MASTER_KEY));

/**
 * `laurel keys rotate-index`: a new blind-index key, every address index and search token computed again,
 * while the app keeps finding rows by address (credentials, opt-outs, sign-in, invitations) before, at each
 * step of the rotation, and after.
 */
describe.each(ENGINES)('blind-index key rotation (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let orgId: string;
  let achievementId: string;
  const credentialIds: string[] = [];
  let claimCode: string;
  // Single sign-on identities (their subjects sealed, found by subject_index) and an IdP sign-in waiting for a second factor.
  const SSO_SUBJECTS = ['ines.okafor@faculty.example', 'AbC-123-sub', 'zed@faculty.example'];
  let ssoConnectionId: string;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    ({ api, organisationId: orgId, achievementId } = await organisationWithAchievement(ctx.app));
  });
  afterAll(async () => {
    vi.useRealTimers();
    await ctx?.close();
  });

  const issue = async () => {
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email: EMAIL, name: NAME } });
    expect(res.statusCode, res.body).toBe(201);
    credentialIds.push(res.json().id);
  };
  let ip = 0;
  const post = (url: string, payload: object) => ctx.app.inject({ method: 'POST', url, payload, remoteAddress: `10.7.${Math.floor(++ip / 250)}.${ip % 250}` });
  const count = async (table: 'users' | 'invitations') => Number((await ctx.storage.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  /** Every lookup by address or by name finds what it found before. */
  async function lookupsWork(when: string) {
    for (const query of [`recipient=${encodeURIComponent(EMAIL)}`, `q=${encodeURIComponent(EMAIL)}`, 'q=marlowe-vey', 'q=Zoe%20quint']) {
      const found = (await api.get(`/api/v1/credentials?${query}`)).json().items.map((c: { id: string }) => c.id).sort();
      expect(found, `${when}: ${query}`).toEqual([...credentialIds].sort());
    }
    expect((await api.get('/api/v1/recipients?q=quintessa')).json().items, when).toMatchObject([{ credentials: credentialIds.length }]);
    expect(await ctx.deps.store.optOuts.has(orgId, EMAIL.toLowerCase()), when).toBe(true);
    expect(await ctx.deps.store.optOuts.among(orgId, ['nobody@example.org', EMAIL.toLowerCase()]), when).toEqual([EMAIL.toLowerCase()]);
    for (const written of [ACCOUNT_EMAIL, ACCOUNT_EMAIL.toUpperCase()]) {
      const res = await post('/api/v1/session', { email: written, password: PASSWORD });
      expect(res.statusCode, `${when}: sign-in as ${written}: ${res.body}`).toBe(200);
    }
    // The address has its one account (registering again makes none), and a new invitation replaces the pending one.
    const users = await count('users');
    expect((await post('/api/v1/accounts', { email: ACCOUNT_EMAIL })).statusCode).toBe(202);
    expect(await count('users'), when).toBe(users);
    expect((await api.post('/api/v1/invitations', { email: INVITED_EMAIL, role: 'viewer' })).statusCode, when).toBe(202);
    expect((await api.get('/api/v1/invitations')).json().items, when).toHaveLength(1);
    // One award per address per claim code: the redemption is found by the address's index.
    const again = await post(`/api/v1/public/claim-codes/${claimCode}`, { email: CODE_EMAIL, name: 'Grace Hopper' });
    expect(again.statusCode, `${when}: claim again: ${again.body}`).toBe(409);
    for (const subject of SSO_SUBJECTS) expect(await ctx.deps.store.sso.findIdentity(ssoConnectionId, subject), `${when}: SSO identity ${subject}`).toMatchObject({ subject });
  }
  /** Time passes: the app's copy of the key table is older than its refresh (what the rotation's settle waits for). */
  const serversRefresh = () => vi.setSystemTime(Date.now() + KEYRING_REFRESH_MS + 1000);
  const keyStates = async () => (await ctx.storage.db.selectFrom('data_keys').select(['id', 'state']).where('purpose', '=', 'blind-index').orderBy('id').execute()).map((k) => [k.id, k.state]);

  it('every blind-indexed column is re-indexed by the rotation', async () => {
    // Columns named *_index hold blind indexes (status_index is a status-list position; session_index is a SAML
    // IdP's SessionIndex, an opaque handle kept for single logout); three more have other names.
    const notBlind = new Set(['status_index', 'sso_sessions.session_index', 'sso_pending_links.session_index']);
    const schema = engine === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(ctx.storage.db)).rows[0]!.s : undefined;
    const found = new Set(['credentials.recipient_tokens', 'email_opt_outs.email', 'claim_code_redemptions.email']);
    for (const t of await ctx.storage.db.introspection.getTables()) {
      if (schema !== undefined && t.schema !== schema) continue;
      for (const c of t.columns) if (c.name.endsWith('_index') && !notBlind.has(c.name) && !notBlind.has(`${t.name}.${c.name}`)) found.add(`${t.name}.${c.name}`);
    }
    const covered = new Set(BLIND_INDEXED.flatMap((t) => t.columns.map((c) => `${t.table}.${c}`)));
    expect([...found].filter((c) => !covered.has(c))).toEqual([]);
  });

  it('lookups by address and sign-in work before, during and after the rotation', async () => {
    await issue();
    await ctx.deps.store.optOuts.add(orgId, EMAIL.toLowerCase(), new Date().toISOString());
    await registerAccount(ctx, ACCOUNT_EMAIL);
    claimCode = (await api.post(`/api/v1/achievements/${achievementId}/claim-codes`, { expiresAt: new Date(Date.now() + 86_400_000).toISOString(), maxUses: 10 })).json().code;
    const claimed = await post(`/api/v1/public/claim-codes/${claimCode}`, { email: CODE_EMAIL, name: 'Grace Hopper' });
    expect(claimed.statusCode, claimed.body).toBe(200);
    const connection = await api.post('/api/v1/organisation/sso-connections', {
      protocol: 'saml', name: 'Faculty IdP', slug: 'faculty', domains: ['faculty.example'], defaultRole: 'viewer',
      saml: { idpEntityId: 'https://idp.faculty.example/metadata', ssoUrl: 'https://idp.faculty.example/sso', idpCertificate: makeIdpKey().cert },
    });
    expect(connection.statusCode, connection.body).toBe(201);
    ssoConnectionId = connection.json().id;
    const userId = (await ctx.storage.db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
    const at = new Date().toISOString();
    for (const subject of SSO_SUBJECTS) await ctx.deps.store.sso.insertIdentity({ connectionId: ssoConnectionId, subject, userId, orgId, createdAt: at, lastSignInAt: at });
    await ctx.deps.store.sso.holdSessionLink('pending-sso', { connectionId: ssoConnectionId, orgId, subject: SSO_SUBJECTS[0]!, sid: null, nameIdFormat: null, sessionIndex: '_s1', createdAt: at, expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    await lookupsWork('before');
    const indexBefore = (await ctx.storage.db.selectFrom('credentials').select('recipient_index').where('id', '=', credentialIds[0]!).executeTakeFirstOrThrow()).recipient_index;

    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    let step = 0;
    let stale: Keyring | undefined;
    const result = await rotateIndexKey(ctx.storage.db, kms, {
      settleMs: 1,
      batch: 2,
      sleep: async () => {
        step++;
        serversRefresh();
        if (step === 1) {
          // The new key is pending: looked up, not written. A credential issued now is indexed under bi-1.
          expect(await keyStates()).toEqual([['bi-1', 'active'], ['bi-2', 'pending']]);
          await issue();
          await lookupsWork('while bi-2 is pending');
        } else {
          // bi-2 is written and every row was indexed again; bi-1 is still looked up.
          expect(await keyStates()).toEqual([['bi-1', 'previous'], ['bi-2', 'active']]);
          await issue();
          await lookupsWork('after the first pass');
          // A server that had not yet taken bi-2 writes an account's index under bi-1: still found, and the second pass fixes it.
          stale = (await readKeys(ctx.storage.db, kms))!;
          const [, old] = stale.indexes('email', ACCOUNT_EMAIL);
          expect(old).toBeDefined();
          await ctx.storage.db.updateTable('users').set({ email_index: old! }).where('email_index', '=', accountEmailIndex(stale, ACCOUNT_EMAIL)).execute();
          // It also records the opt-out again, under bi-1 (the one under bi-2 exists): the second pass keeps one.
          const [, oldOptOut] = stale.indexes('email', EMAIL.toLowerCase());
          await ctx.storage.db.insertInto('email_opt_outs').values({ org_id: orgId, email: oldOptOut!, email_sealed: stale.seal(EMAIL.toLowerCase(), 'email_opt_outs.email_sealed'), created_at: new Date().toISOString() }).execute();
          await lookupsWork('with a row still under bi-1');
        }
      },
    });
    expect(step).toBe(2);
    expect(result).toMatchObject({ keyId: 'bi-2', retired: ['bi-1'], remaining: 0 });
    expect(result.reindexed).toBeGreaterThanOrEqual(5);
    expect(await keyStates()).toEqual([['bi-1', 'retired'], ['bi-2', 'active']]);

    serversRefresh();
    await lookupsWork('after');
    const ring = (await readKeys(ctx.storage.db, kms))!;
    expect(ring.indexKeyId).toBe('bi-2');
    expect(ring.indexes('email', EMAIL.toLowerCase())).toHaveLength(1); // the retired key is no longer looked up
    const user = await ctx.storage.db.selectFrom('users').select('id').where('email_index', '=', accountEmailIndex(ring, ACCOUNT_EMAIL)).executeTakeFirst();
    expect(user).toBeDefined();
    const rows = await ctx.storage.db.selectFrom('credentials').select(['id', 'recipient_index']).where('id', 'in', credentialIds).execute();
    for (const r of rows) expect(r.recipient_index).toBe(ring.index('email', EMAIL.toLowerCase()));
    expect(rows[0]!.recipient_index).not.toBe(indexBefore);
    const optOut = await ctx.storage.db.selectFrom('email_opt_outs').select('email').where('org_id', '=', orgId).execute();
    expect(optOut).toEqual([{ email: ring.index('email', EMAIL.toLowerCase()) }]);
    const redemptions = await ctx.storage.db.selectFrom('claim_code_redemptions').select('email').execute();
    expect(redemptions).toEqual([{ email: ring.index('email', CODE_EMAIL) }]);
    const identities = await ctx.storage.db.selectFrom('sso_identities').select('subject_index').execute();
    expect(identities.map((r) => r.subject_index).sort()).toEqual(SSO_SUBJECTS.map((subject) => ssoSubjectIndex(ring, subject)).sort());
    const pending = await ctx.storage.db.selectFrom('sso_pending_links').select('subject_index').execute();
    expect(pending).toEqual([{ subject_index: ssoSubjectIndex(ring, SSO_SUBJECTS[0]!) }]);

    // Nothing left to do: a second rotation starts from bi-2.
    const again = await rotateIndexKey(ctx.storage.db, kms, { settleMs: 0, sleep: async () => void serversRefresh() });
    expect(again).toMatchObject({ keyId: 'bi-3', retired: ['bi-2'], remaining: 0 });
    serversRefresh();
    await lookupsWork('after a second rotation');
    vi.useRealTimers();
  });
});
