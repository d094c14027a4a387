import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRunner } from '../../src/adapters/jobs/job-runner.js';
import { aesGcmVault } from '../../src/adapters/keys/key-vault.js';
import { localKms } from '../../src/adapters/keys/kms.js';
import { UnknownDataKey, readKeys } from '../../src/adapters/storage/personal-data.js';
import { KEPT, PURGED, VERIFICATION } from '../../src/adapters/storage/repos/organisation-deletion.repo.js';
import { sealContext } from '../../src/adapters/storage/sealed-columns.js';
import { jobHandlers } from '../../src/compose.js';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { TestBrowser, handClock } from '../support/browser.js';
import { passwordSignIn } from '../support/mfa.js';
import { openedSealedValues } from '../support/sealed.js';
import { ENGINES, PASSWORD, TEST_MASTER_KEY, addMemberByInvitation, apiClient, createTestApp, minimalAchievement, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

const PROBLEM = 'https://laurel.dev/problems/';
const A_EMAIL = 'araminta.deleted@example.org';
const A_NAME = 'Araminta Vanishwell';
const B_EMAIL = 'bertrand.kept@example.org';
const B_NAME = 'Bertrand Stayput';
const IDENTITY = sealContext('credentials', 'recipient_identity');

describe.each(ENGINES)('deleting an organisation (%s)', (engine) => {
  let ctx: TestContext;
  let file: string | undefined;
  let a: ApiClient;
  let b: ApiClient;
  let aOrgId: string;
  let aCredential: string;
  let bCredential: string;
  let owner: TestBrowser;
  const time = handClock();
  const kms = localKms(aesGcmVault(TEST_MASTER_KEY));

  const award = async (api: ApiClient, email: string, name: string) => {
    const issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    const achievementId = (await api.post('/api/v1/achievements', minimalAchievement(issuerId))).json().id;
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email, name } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const drain = async () => {
    const runner = createJobRunner({ queue: ctx.deps.store.jobs, handlers: jobHandlers(ctx.deps), clock: time.clock, batchSize: 10 });
    for (let i = 0; i < 50 && (await runner.runOnce()) > 0; i++);
  };
  const sealedIdentity = async (id: string) => (await ctx.storage.db.selectFrom('credentials').select('recipient_identity').where('id', '=', id).executeTakeFirstOrThrow()).recipient_identity;
  const databaseBytes = async () => {
    // The SQLite file and its WAL (the purge checkpoints it), or a pg_dump.
    if (file) return [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('\n');
    const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(ctx.storage.db)).rows[0]!.s;
    return execFileSync('pg_dump', ['--no-owner', '--schema', schema, ctx.databaseUrl!], { encoding: 'latin1', maxBuffer: 256 * 1024 * 1024 });
  };

  beforeAll(async () => {
    file = engine === 'sqlite' ? join(mkdtempSync(join(tmpdir(), 'laurel-org-delete-')), 'laurel.db') : undefined;
    ctx = await createTestApp(engine, { clock: time.clock, ...(file ? { sqliteFile: file } : {}) });
    const org = await setupOrganisation(ctx.app);
    aOrgId = org.organisationId;
    a = apiClient(ctx.app, org.apiKey);
    b = apiClient(ctx.app, (await createOrganisation(ctx.deps, { name: 'Bravo College', owner: { email: 'owner@bravo.example', password: PASSWORD } })).apiKeySecret);
    aCredential = await award(a, A_EMAIL, A_NAME);
    bCredential = await award(b, B_EMAIL, B_NAME);
    // An invitation (its address sealed under A's key) and the award e-mails (claim tokens, jobs).
    expect((await a.post('/api/v1/invitations', { email: 'invitee.of.a@example.org', role: 'issuer' })).statusCode).toBe(202);
    await drain();
    owner = new TestBrowser(ctx.app);
    expect((await passwordSignIn(owner, 'owner@acme.example')).statusCode).toBe(200);
  });
  afterAll(async () => ctx?.close());

  it("knows every table that holds an organisation's rows: purged, kept to verify its credentials, or kept on purpose", async () => {
    // A table added later with an `org_id` must be placed in one of the lists, or a deletion would leave its rows behind.
    const schema = engine === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(ctx.storage.db)).rows[0]!.s : undefined;
    const placed = new Set<string>([...PURGED, ...VERIFICATION, ...KEPT]);
    const withOrg: string[] = [];
    for (const t of await ctx.storage.db.introspection.getTables()) {
      if (schema !== undefined && t.schema !== schema) continue;
      if (t.columns.some((c) => c.name === 'org_id')) withOrg.push(t.name);
    }
    expect(withOrg.length).toBeGreaterThan(30);
    expect(withOrg.filter((t) => !placed.has(t))).toEqual([]);
  });

  it("seals each organisation's data under its own key", async () => {
    expect((await sealedIdentity(aCredential)).startsWith(`pd1.pdo-1-${aOrgId}.`)).toBe(true);
    expect((await sealedIdentity(bCredential)).startsWith('pd1.pdo-1-')).toBe(true);
    expect(await sealedIdentity(bCredential)).not.toContain(aOrgId);
  });

  it('refuses an API key, a member who is not the owner, a missing step-up, a wrong name, and another organisation', async () => {
    const body = { confirmName: 'Acme University' };
    // An API key (the owner's own): a credential of its own, never enough to delete.
    const byKey = await a.request('DELETE', '/api/v1/organisation', body);
    expect(byKey.statusCode).toBe(403);
    expect(byKey.json().type).toBe(`${PROBLEM}forbidden`);
    // An admin, signed in.
    await addMemberByInvitation(ctx, a, 'admin@acme.example', 'admin');
    const admin = new TestBrowser(ctx.app);
    await passwordSignIn(admin, 'admin@acme.example');
    const byAdmin = await admin.delete('/api/v1/organisation', body);
    expect(byAdmin.statusCode).toBe(403);
    expect(byAdmin.json().type).toBe(`${PROBLEM}forbidden`);
    // The owner, without a recent factor.
    time.advance(10 * 60 + 1);
    const stale = await owner.delete('/api/v1/organisation', body);
    expect(stale.statusCode).toBe(403);
    expect(stale.json().type).toBe(`${PROBLEM}step-up-required`);
    expect((await owner.post('/api/v1/session/step-up', { method: 'password', password: PASSWORD })).statusCode).toBe(200);
    // A wrong name (or none, or the wrong case is still the name? no: as written).
    for (const confirmName of ['Acme', 'acme university', '']) {
      const wrong = await owner.delete('/api/v1/organisation', { confirmName });
      expect(wrong.statusCode, confirmName).toBe(400);
      expect(wrong.json().type).toBe(`${PROBLEM}validation`);
    }
    expect((await owner.delete('/api/v1/organisation', { ...body, extra: 1 })).statusCode).toBe(400);
    // Without the CSRF token (a cross-site request), nothing.
    const csrfless = await ctx.app.inject({ method: 'DELETE', url: '/api/v1/organisation', payload: body, headers: { cookie: `laurel_session=${owner.cookies.get('laurel_session')}` } });
    expect(csrfless.statusCode).toBe(403);
    // Another organisation's owner deletes only their own: A's name does not match theirs.
    const bOwner = new TestBrowser(ctx.app);
    await passwordSignIn(bOwner, 'owner@bravo.example');
    const other = await bOwner.delete('/api/v1/organisation', body);
    expect(other.statusCode).toBe(400);
    expect((await a.get('/api/v1/organisation')).statusCode).toBe(200);
  });

  it("deletes it: access ends, its keys are destroyed (its sealed values no longer open, B's still do), its data is purged, its credentials still verify", async () => {
    const ob3 = (await a.get(`/api/v1/credentials/${aCredential}/export?format=ob3`)).json();
    const aSealed = await sealedIdentity(aCredential);
    const invitation = (await ctx.storage.db.selectFrom('invitations').select('email').where('org_id', '=', aOrgId).executeTakeFirstOrThrow()).email;
    expect((await openedSealedValues(ctx)).text).toContain(A_EMAIL);
    await owner.post('/api/v1/session/step-up', { method: 'password', password: PASSWORD });
    const res = await owner.delete('/api/v1/organisation', { confirmName: 'Acme University' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ withdrawCredentials: false });
    // Every way in is closed.
    expect((await a.get('/api/v1/organisation')).statusCode).toBe(401);
    expect((await owner.get('/api/v1/organisation')).statusCode).toBe(401);
    // Crypto-erasure, before the purge has run: A's values (kept aside, as a backup would) no longer open with every key left.
    const ring = (await readKeys(ctx.storage.db, kms))!;
    expect(ring.keyIds.some((k) => k.includes(aOrgId))).toBe(false);
    expect(() => ring.open(aSealed, IDENTITY)).toThrow(UnknownDataKey);
    expect(() => ring.open(invitation, sealContext('invitations', 'email'))).toThrow(UnknownDataKey);
    expect(ring.open(await sealedIdentity(bCredential), IDENTITY)).toBe(B_EMAIL);
    // The purge job.
    await drain();
    const opened = await openedSealedValues(ctx);
    expect(opened.unopenable).toBe(0);
    expect(opened.text).not.toContain(A_EMAIL);
    expect(opened.text).not.toContain(A_NAME);
    expect(opened.text).toContain(B_EMAIL);
    const bytes = await databaseBytes();
    for (const needle of [A_EMAIL, A_NAME, 'invitee.of.a@example.org']) expect(bytes).not.toContain(needle);
    for (const table of ['memberships', 'sessions', 'api_keys', 'invitations', 'claim_tokens', 'jobs'] as const) {
      const left = await ctx.storage.db.selectFrom(table).select(sql<number>`count(*)`.as('n')).where('org_id', '=', aOrgId).executeTakeFirstOrThrow();
      expect(Number(left.n), table).toBe(0);
    }
    // Already-issued credentials still verify (issuer key and status list kept), by the address they were issued to.
    const verify = await ctx.app.inject({ method: 'POST', url: `/api/v1/verify?recipient=${encodeURIComponent(A_EMAIL)}`, payload: JSON.stringify(ob3), headers: { 'content-type': 'application/json' } });
    expect(verify.json().valid, JSON.stringify(verify.json().checks)).toBe(true);
    // B is untouched.
    expect((await b.get(`/api/v1/credentials/${bCredential}`)).json().recipient).toMatchObject({ name: B_NAME });
    // The deletion is in A's hash-chained audit log, sealed into the chain.
    const entry = await ctx.storage.db.selectFrom('audit_log').select(['action', 'hash', 'ip']).where('org_id', '=', aOrgId).where('action', '=', 'organisation.delete').executeTakeFirstOrThrow();
    expect(entry.hash).toBeTruthy();
    expect(entry.ip).toBeNull();
    // A data-key rotation afterwards makes no key for it again, and B's data still reads.
    const { rotateDataKey } = await import('../../src/adapters/storage/rotate-data-key.js');
    await rotateDataKey(ctx.storage.db, kms, { settleMs: 0 });
    expect((await readKeys(ctx.storage.db, kms))!.keyIds.some((k) => k.includes(aOrgId))).toBe(false);
    expect((await b.get(`/api/v1/credentials/${bCredential}`)).json().recipient).toMatchObject({ name: B_NAME });
  });

  it('withdrawing the credentials too: the issuer and status list go, the credential no longer verifies', async () => {
    const c = await createOrganisation(ctx.deps, { name: 'Charlie Academy', owner: { email: 'owner@charlie.example', password: PASSWORD } });
    const api = apiClient(ctx.app, c.apiKeySecret);
    const credential = await award(api, 'cressida.withdrawn@example.org', 'Cressida Withdrawn');
    const ob3 = (await api.get(`/api/v1/credentials/${credential}/export?format=ob3`)).json();
    const verify = () => ctx.app.inject({ method: 'POST', url: '/api/v1/verify', payload: JSON.stringify(ob3), headers: { 'content-type': 'application/json' } });
    expect((await verify()).json().valid).toBe(true);
    const browser = new TestBrowser(ctx.app);
    await passwordSignIn(browser, 'owner@charlie.example');
    const res = await browser.delete('/api/v1/organisation', { confirmName: 'Charlie Academy', withdrawCredentials: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ withdrawCredentials: true });
    await drain();
    for (const table of ['issuers', 'issuer_keys', 'credentials', 'status_lists', 'achievements'] as const) {
      const left = await ctx.storage.db.selectFrom(table).select(sql<number>`count(*)`.as('n')).where('org_id', '=', c.organisation.id).executeTakeFirstOrThrow();
      expect(Number(left.n), table).toBe(0);
    }
    expect((await verify()).json().valid).toBe(false);
    // Its row and its audit log stay, the deletion recorded with the choice.
    const entry = await ctx.storage.db.selectFrom('audit_log').select('details').where('org_id', '=', c.organisation.id).where('action', '=', 'organisation.delete').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.details)).toEqual({ withdrawCredentials: true });
  });

  it('with every organisation deleted, first-run setup does not open again (nobody can claim the instance)', async () => {
    const bOwner = new TestBrowser(ctx.app);
    await passwordSignIn(bOwner, 'owner@bravo.example');
    expect((await bOwner.delete('/api/v1/organisation', { confirmName: 'Bravo College' })).statusCode).toBe(200);
    expect(await ctx.storage.db.selectFrom('memberships').select('user_id').where('role', '=', 'owner').executeTakeFirst()).toBeUndefined();
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toMatchObject({ needed: false });
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { organisationName: 'Takeover Inc', email: 'mallory@evil.example', password: PASSWORD } });
    expect(res.statusCode).toBe(409);
    expect(res.json().type).toBe(`${PROBLEM}setup-already-done`);
  });
});
