import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser, handClock } from '../support/browser.js';
import { enrolTotp, passwordSignIn, totpAt } from '../support/mfa.js';
import { ENGINES, PASSWORD, addMemberByInvitation, apiClient, createTestApp, minimalIssuer, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

const STEP_UP = 'https://laurel.dev/problems/step-up-required';
const MFA_REQUIRED = 'https://laurel.dev/problems/mfa-required';

describe.each(ENGINES)('step-up for sensitive actions, and the organisation MFA policy (%s)', (engine) => {
  let ctx: TestContext;
  let owner: ApiClient;
  let issuerId: string;
  const time = handClock();
  let n = 0;

  /** A member signed in with the password (a fresh factor until the window passes). */
  const member = async (role: string) => {
    const email = `staff-${++n}@acme.example`;
    const { userId } = await addMemberByInvitation(ctx, owner, email, role);
    const browser = new TestBrowser(ctx.app);
    expect((await passwordSignIn(browser, email)).statusCode).toBe(200);
    return { email, userId, browser };
  };
  const stale = () => time.advance(10 * 60 + 1);

  beforeAll(async () => {
    ctx = await createTestApp(engine, { clock: time.clock });
    owner = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    issuerId = (await owner.post('/api/v1/issuers', minimalIssuer)).json().id;
  });
  afterAll(async () => ctx?.close());

  it('every sensitive action refuses a session whose last factor is older than the window, and works after a step-up', async () => {
    const admin = await member('admin');
    const target = await member('viewer');
    const key = (await admin.browser.post('/api/v1/api-keys', { name: 'fresh' })).json();
    expect(key.secret).toBeTruthy(); // just signed in: fresh
    stale();
    const attempts: [string, () => Promise<{ statusCode: number; json(): any }>][] = [
      ['create an API key', () => admin.browser.post('/api/v1/api-keys', { name: 'stale' })],
      ['revoke an API key', () => admin.browser.post(`/api/v1/api-keys/${key.id}/revoke`)],
      ['rotate issuer keys', () => admin.browser.post(`/api/v1/issuers/${issuerId}/keys/rotate`)],
      ['change a role', () => admin.browser.patch(`/api/v1/members/${target.userId}`, { role: 'issuer' })],
      ['remove a member', () => admin.browser.delete(`/api/v1/members/${target.userId}`)],
      ['invite a member', () => admin.browser.post('/api/v1/invitations', { email: 'new@acme.example', role: 'viewer' })],
      ['set the MFA policy', () => admin.browser.put('/api/v1/organisation/mfa-policy', { requireMfa: false })],
    ];
    for (const [what, attempt] of attempts) {
      const res = await attempt();
      expect(res.statusCode, what).toBe(403);
      expect(res.json().type, what).toBe(STEP_UP);
    }
    // Reading stays open.
    expect((await admin.browser.get('/api/v1/api-keys')).statusCode).toBe(200);

    // A wrong password does not step up (and counts as a failure); the right one does.
    expect((await admin.browser.post('/api/v1/session/step-up', { method: 'password', password: 'not it at all' })).statusCode).toBe(401);
    const stepped = await admin.browser.post('/api/v1/session/step-up', { method: 'password', password: PASSWORD });
    expect(stepped.statusCode).toBe(200);
    expect(stepped.json().factorAt).toBe(new Date(time.nowMs()).toISOString());
    const done: number[] = [];
    for (const [, attempt] of attempts) done.push((await attempt()).statusCode);
    expect(done).toEqual([201, 200, 201, 204, 204, 202, 200]);
  });

  it('step-up cannot be skipped: no CSRF, a stolen cookie without a factor, or another person’s code', async () => {
    const admin = await member('admin');
    stale();
    // The step-up route itself needs the session's CSRF token.
    const noCsrf = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/step-up', headers: { cookie: `laurel_session=${admin.browser.cookies.get('laurel_session')}` }, payload: { method: 'password', password: PASSWORD } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().type).toBe('https://laurel.dev/problems/csrf');
    // Someone with the cookie jar but not the factor gets nowhere.
    const thief = admin.browser.clone();
    expect((await thief.post('/api/v1/api-keys', { name: 'x' })).json().type).toBe(STEP_UP);
    // Another member's TOTP code proves nothing for this session.
    const other = await member('viewer');
    const { secret } = await enrolTotp(other.browser, time.nowMs);
    time.advance(30);
    expect((await thief.post('/api/v1/session/step-up', { method: 'totp', code: totpAt(secret, time.nowMs()) })).statusCode).toBe(401);
    expect((await thief.post('/api/v1/api-keys', { name: 'x' })).json().type).toBe(STEP_UP);
    // A body that claims a recent factor is refused outright (the schema takes none).
    expect((await thief.post('/api/v1/api-keys', { name: 'x', factorAt: new Date(time.nowMs()).toISOString() })).statusCode).toBe(400);
  });

  it('API keys are not asked to step up', async () => {
    stale();
    const made = await owner.post('/api/v1/api-keys', { name: 'by key' });
    expect(made.statusCode).toBe(201);
    expect((await owner.post(`/api/v1/api-keys/${made.json().id}/revoke`)).statusCode).toBe(200);
  });

  it('requiring MFA: only an owner or admin with a factor of their own sets it; members without one are sent to enrol; API keys unaffected', async () => {
    const admin = await member('admin');
    const issuer = await member('issuer');
    // An issuer may not set it; an admin without a second factor may not turn it on.
    expect((await issuer.browser.put('/api/v1/organisation/mfa-policy', { requireMfa: true })).statusCode).toBe(403);
    const noFactor = await admin.browser.put('/api/v1/organisation/mfa-policy', { requireMfa: true });
    expect(noFactor.statusCode).toBe(409);
    const { secret } = await enrolTotp(admin.browser, time.nowMs);
    const on = await admin.browser.put('/api/v1/organisation/mfa-policy', { requireMfa: true });
    expect(on.statusCode, on.body).toBe(200);
    expect((await owner.get('/api/v1/organisation/mfa-policy')).json()).toEqual({ requireMfa: true });

    // The issuer (no second factor): the console API answers mfa-required; the account routes stay open to enrol.
    const blocked = await issuer.browser.get('/api/v1/credentials');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.headers['content-type']).toContain('application/problem+json');
    expect(blocked.json().type).toBe(MFA_REQUIRED);
    expect((await issuer.browser.get('/api/v1/session')).json().mfa).toMatchObject({ enrolled: false, verified: false, required: true });
    expect((await issuer.browser.get('/api/v1/me/mfa')).statusCode).toBe(200);
    const issuerTotp = await enrolTotp(issuer.browser, time.nowMs);
    expect(issuerTotp.recoveryCodes).toHaveLength(10);
    expect((await issuer.browser.get('/api/v1/credentials')).statusCode).toBe(200);

    // The admin signed in again: the password alone opens nothing, the code does.
    time.advance(30);
    const again = new TestBrowser(ctx.app);
    expect((await passwordSignIn(again, admin.email)).statusCode).toBe(202);
    expect((await again.get('/api/v1/credentials')).statusCode).toBe(401);
    await again.post('/api/v1/session/second-factor', { method: 'totp', code: totpAt(secret, time.nowMs()) });
    expect((await again.get('/api/v1/credentials')).statusCode).toBe(200);

    // An API key made earlier by a member without MFA still works: keys are not sessions.
    expect((await owner.get('/api/v1/credentials')).statusCode).toBe(200);

    // Turned off again (with a fresh factor).
    expect((await again.put('/api/v1/organisation/mfa-policy', { requireMfa: false })).statusCode).toBe(200);
    const viewer = await member('viewer');
    expect((await viewer.browser.get('/api/v1/credentials')).statusCode).toBe(200);
  });
});
