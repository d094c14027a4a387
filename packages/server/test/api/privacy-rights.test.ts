import { unzipSync } from 'fflate';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { TestBrowser, handClock } from '../support/browser.js';
import { passwordSignIn } from '../support/mfa.js';
import { openedSealedValues } from '../support/sealed.js';
import { createJobRunner } from '../../src/adapters/jobs/job-runner.js';
import { jobHandlers } from '../../src/compose.js';
import { ENGINES, PASSWORD, addMemberByInvitation, apiClient, createTestApp, minimalAchievement, minimalIssuer, registerAccount, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

const STEP_UP = 'https://laurel.dev/problems/step-up-required';

/** Every row of every table, as text: where a name or an address could hide. */
async function everyRow(ctx: TestContext): Promise<string> {
  const tables = await ctx.storage.db.introspection.getTables();
  const schema = ctx.storage.engine === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(ctx.storage.db)).rows[0]!.s : undefined;
  const parts: string[] = [];
  for (const t of tables) {
    if (t.name.startsWith('kysely_') || (schema !== undefined && t.schema !== schema)) continue;
    const rows = await ctx.storage.db.selectFrom(t.name as never).selectAll().execute();
    parts.push(`${t.name}: ${JSON.stringify(rows)}`);
  }
  return parts.join('\n');
}

describe.each(ENGINES)('privacy rights: export, account deletion, erasure requests (%s)', (engine) => {
  let ctx: TestContext;
  let owner: ApiClient;
  let achievementId: string;
  let issuerId: string;
  let otherOrg: ApiClient;
  const time = handClock();
  const stale = () => time.advance(10 * 60 + 1);

  const award = async (email: string, name: string, api = owner, achievement = achievementId) => {
    const res = await api.post('/api/v1/credentials', { achievementId: achievement, recipient: { email, name } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const verify = (credential: unknown, recipient: string) =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/verify?recipient=${encodeURIComponent(recipient)}`, payload: JSON.stringify(credential), headers: { 'content-type': 'application/json' } });
  const earner = async (email: string) => {
    await registerAccount(ctx, email);
    const browser = new TestBrowser(ctx.app);
    expect((await passwordSignIn(browser, email)).statusCode).toBe(200);
    return browser;
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine, { clock: time.clock });
    ({ api: owner, issuerId, achievementId } = await organisationWithAchievement(ctx.app));
    const other = await createOrganisation(ctx.deps, { name: 'Other Org', owner: { email: 'owner@other.example', password: PASSWORD } });
    otherOrg = apiClient(ctx.app, other.apiKeySecret);
  });
  afterAll(async () => ctx?.close());

  it('an earner downloads everything about them (a recent factor needed), and only their own', async () => {
    const email = 'zephyrine@example.org';
    const credentialId = await award(email, 'Zephyrine Quillfeather');
    await award('someone-else@example.org', 'Someone Else');
    const browser = await earner(email);
    expect((await browser.post('/api/v1/me/consents', { document: 'privacy', version: '2026-12' })).statusCode).toBe(201);
    stale();
    const refused = await browser.get('/api/v1/me/export');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().type).toBe(STEP_UP);
    expect((await browser.post('/api/v1/session/step-up', { method: 'password', password: PASSWORD })).statusCode).toBe(200);
    const res = await browser.get('/api/v1/me/export');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const account = JSON.parse(new TextDecoder().decode(files['account.json']!));
    expect(account.account.email).toBe(email);
    expect(account.addresses.map((a: { value: string }) => a.value)).toContain(email);
    expect(account.sessions.length).toBeGreaterThan(0);
    expect(account.factors).toMatchObject({ totp: { enabled: false }, recoveryCodesLeft: 0 });
    expect(account.consents).toEqual([expect.objectContaining({ document: 'privacy', version: '2026-12' })]);
    expect(account.credentials.map((c: { id: string }) => c.id)).toEqual([credentialId]);
    expect(JSON.stringify(account)).not.toContain('someone-else@example.org');
    expect(JSON.stringify(account)).not.toContain('password_hash');
    const ob3 = JSON.parse(new TextDecoder().decode(files[`credentials/${credentialId}/ob3.json`]!));
    expect(ob3.type).toContain('OpenBadgeCredential');
    // Every signed form, those never asked for before made for the export (domain/credentials/signed-forms.ts).
    expect(new TextDecoder().decode(files[`credentials/${credentialId}/vc.jwt`]!).split('.')).toHaveLength(3);
    const ob2 = new TextDecoder().decode(files[`credentials/${credentialId}/ob2.jws`]!);
    expect(JSON.parse(Buffer.from(ob2.split('.')[1]!, 'base64url').toString()).verification.type).toBe('signed');
    const png = files[`credentials/${credentialId}/badge.png`];
    expect(png && Buffer.from(png.subarray(1, 4)).toString('latin1')).toBe('PNG');
    expect((await verify(ob3, email)).json().valid).toBe(true);
    // No session, or an API key, exports nothing.
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me/export' })).statusCode).toBe(401);
    expect((await owner.get('/api/v1/me/export')).statusCode).toBe(401);
  });

  it('deleting the account: factor re-proved, sessions ended, name and address gone from every row, credential still verifies and revokes', async () => {
    const email = 'barnabas.xylo@example.org';
    const name = 'Barnabas Xylophonist';
    const credentialId = await award(email, name);
    const theirs = await award(email, name, otherOrg, (await otherOrg.post('/api/v1/achievements', minimalAchievement((await otherOrg.post('/api/v1/issuers', minimalIssuer)).json().id))).json().id);
    const browser = await earner(email);
    const phone = new TestBrowser(ctx.app);
    await passwordSignIn(phone, email);
    const ob3 = (await owner.get(`/api/v1/credentials/${credentialId}/export?format=ob3`)).json();
    // A sign-in link asked for: the queued job's (sealed) payload names the address.
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/session/link', payload: { email } })).statusCode).toBe(202);
    expect((await openedSealedValues(ctx)).text).toContain(email);
    stale();
    const refused = await browser.delete('/api/v1/me');
    expect(refused.json().type).toBe(STEP_UP);
    // Without the CSRF token, nothing (a cross-site request cannot delete an account).
    const stolen = await ctx.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: { cookie: `laurel_session=${browser.cookies.get('laurel_session')}` } });
    expect(stolen.statusCode).toBe(403);
    expect((await browser.post('/api/v1/session/step-up', { method: 'password', password: PASSWORD })).statusCode).toBe(200);
    const deleted = await browser.delete('/api/v1/me');
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json().credentials).toBe(2);
    // Every session of the account is over, and it cannot sign in again.
    expect((await browser.get('/api/v1/me/sessions')).statusCode).toBe(401);
    expect((await phone.get('/api/v1/me/export')).statusCode).toBe(401);
    expect((await passwordSignIn(new TestBrowser(ctx.app), email)).statusCode).toBe(401);
    // Nowhere in the database.
    const rows = await everyRow(ctx);
    expect(rows).not.toContain(email);
    expect(rows).not.toContain(name);
    // Nor in any sealed value, opened with the keys (the link job's payload included).
    const opened = await openedSealedValues(ctx);
    expect(opened.text).not.toContain(email);
    expect(opened.text).not.toContain(name);
    // The credential verifies (the hashed identity in it still matches the address) and can be revoked.
    const report = (await verify(ob3, email)).json();
    expect(report.valid, JSON.stringify(report.checks)).toBe(true);
    expect(report.recipient).toMatchObject({ matches: true });
    expect((await owner.post(`/api/v1/credentials/${credentialId}/revoke`, { reason: 'Issued in error' })).statusCode).toBe(200);
    expect((await verify(ob3, email)).json().valid).toBe(false);
    expect((await otherOrg.get(`/api/v1/credentials/${theirs}`)).json().recipient).toMatchObject({ name: null });
  });

  it('a staff member cannot delete their account while a member', async () => {
    const admin = await addMemberByInvitation(ctx, owner, 'staffer@acme.example', 'admin');
    const browser = new TestBrowser(ctx.app);
    await passwordSignIn(browser, 'staffer@acme.example');
    const res = await browser.delete('/api/v1/me');
    expect(res.statusCode).toBe(409);
    expect(admin.userId).toBeTruthy();
  });

  it('an erasure request: admins with a recent factor, only their own recipients, audit-logged without the data', async () => {
    const email = 'quentin.erase@example.org';
    const name = 'Quentin Erasmus-Vale';
    const credentialId = await award(email, name);
    await award(email, name);
    // A migration import's row for them that failed (never issued, so never published): its original id quotes the
    // address, and the import's sealed results keep it. And a sign-in link asked for.
    const csv = `id,email,name,achievement,issued_on\nlegacy-${email},${email},${name},Old Badge,last spring\n`;
    const imported = await owner.post('/api/v1/imports', { issuerId, source: 'csv', csv });
    expect(imported.statusCode, imported.body).toBe(202);
    const runner = createJobRunner({ queue: ctx.deps.store.jobs, handlers: jobHandlers(ctx.deps), clock: time.clock, batchSize: 5 });
    for (let i = 0; i < 50 && (await runner.runOnce()) > 0; i++);
    expect((await owner.get(`/api/v1/imports/${imported.json().id}`)).json()).toMatchObject({ status: 'done', failed: 1 });
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/session/link', payload: { email } })).statusCode).toBe(202);
    const before = (await openedSealedValues(ctx)).text;
    expect(before).toContain(`legacy-${email}`);
    expect(before).toMatch(new RegExp(`jobs.payload: .*${email.replace(/\./g, '\\.')}`));
    const ob3 = (await owner.get(`/api/v1/credentials/${credentialId}/export?format=ob3`)).json();
    const key = (await owner.get(`/api/v1/recipients?q=quentin`)).json().items[0].key as string;
    // Another organisation cannot reach it (404, not 403: it learns nothing), nor guess keys.
    expect((await otherOrg.post(`/api/v1/recipients/${key}/erase`)).statusCode).toBe(404);
    expect((await owner.post('/api/v1/recipients/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/erase')).statusCode).toBe(404);
    // An issuer may not; an admin must have proven a factor recently.
    const issuer = await addMemberByInvitation(ctx, owner, 'issuer@acme.example', 'issuer');
    const issuerBrowser = new TestBrowser(ctx.app);
    await passwordSignIn(issuerBrowser, 'issuer@acme.example');
    expect((await issuerBrowser.post(`/api/v1/recipients/${key}/erase`)).statusCode).toBe(403);
    expect(issuer.userId).toBeTruthy();
    await addMemberByInvitation(ctx, owner, 'admin2@acme.example', 'admin');
    const admin = new TestBrowser(ctx.app);
    await passwordSignIn(admin, 'admin2@acme.example');
    stale();
    expect((await admin.post(`/api/v1/recipients/${key}/erase`)).json().type).toBe(STEP_UP);
    await admin.post('/api/v1/session/step-up', { method: 'password', password: PASSWORD });
    const erased = await admin.post(`/api/v1/recipients/${key}/erase`);
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json()).toEqual({ credentials: 2 });
    const rows = await everyRow(ctx);
    expect(rows).not.toContain(email);
    expect(rows).not.toContain(name);
    expect(rows).not.toContain(key);
    // Opened with the keys, no sealed value names them either (the import's results, the link job's payload).
    const opened = await openedSealedValues(ctx);
    expect(opened.text).not.toContain(email);
    expect(opened.text).not.toContain(name);
    const log = (await owner.get('/api/v1/audit-log?action=recipient.erase')).json().items;
    expect(log).toHaveLength(1);
    expect(log[0].details).toEqual({ credentials: 2 });
    expect((await verify(ob3, email)).json().valid).toBe(true);
    expect((await owner.post(`/api/v1/credentials/${credentialId}/revoke`, { reason: 'Erased and withdrawn' })).statusCode).toBe(200);
    expect((await owner.post(`/api/v1/recipients/${key}/erase`)).statusCode).toBe(404);
  });

  it('retention: unclaimed awards older than the setting lose their recipient data in the daily job', async () => {
    const org = await createOrganisation(ctx.deps, { name: 'Retention Org', owner: { email: 'owner@retention.example', password: PASSWORD } });
    const api = apiClient(ctx.app, org.apiKeySecret);
    const issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    const ach = (await api.post('/api/v1/achievements', minimalAchievement(issuerId))).json().id;
    const old = await award('old.unclaimed@example.org', 'Old Unclaimed', api, ach);
    expect((await api.patch('/api/v1/organisation', { settings: { unclaimedRetentionDays: 30, ipRetentionDays: 7, privacyNoticeUrl: 'https://acme.example/privacy' } })).statusCode).toBe(200);
    time.advance(31 * 86_400);
    const recent = await award('recent.unclaimed@example.org', 'Recent Unclaimed', api, ach);
    const { applyRetention } = await import('../../src/domain/privacy/apply-retention.js');
    const report = await applyRetention(ctx.deps);
    expect(report.erasedCredentials).toBe(1);
    expect((await api.get(`/api/v1/credentials/${old}`)).json().recipient.name).toBeNull();
    expect((await api.get(`/api/v1/credentials/${recent}`)).json().recipient.name).toBe('Recent Unclaimed');
    expect((await applyRetention(ctx.deps)).erasedCredentials).toBe(0);
    // The privacy notice is linked from the public credential page (escaped).
    const page = await ctx.app.inject({ method: 'GET', url: `/credentials/${recent}` });
    expect(page.body).toContain('<a href="https://acme.example/privacy">The issuer’s privacy notice</a>');
    // IPs older than 7 days are gone from the audit log; the chain still verifies (IPs are outside the hash).
    const entries = await ctx.storage.db.selectFrom('audit_log').select(['ip', 'created_at']).where('org_id', '=', org.organisation.id).execute();
    for (const e of entries) if (Date.parse(e.created_at) < time.nowMs() - 7 * 86_400_000) expect(e.ip).toBeNull();
    expect((await api.get('/api/v1/audit-log/verify')).json()).toMatchObject({ valid: true });
    // Bad settings are refused.
    expect((await api.patch('/api/v1/organisation', { settings: { unclaimedRetentionDays: 0 } })).statusCode).toBe(400);
    expect((await api.patch('/api/v1/organisation', { settings: { privacyNoticeUrl: 'javascript:alert(1)' } })).statusCode).toBe(400);
  });
});
