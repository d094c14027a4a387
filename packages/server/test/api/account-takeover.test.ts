import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRunner } from '../../src/adapters/jobs/job-runner.js';
import { startSmtpServer, type CapturedMail, smtpMailer } from '../support/smtp.js';
import { ENGINES, PASSWORD, createTestApp, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';
import { testJobRunner, drainJobs } from '../support/jobs.js';

/**
 * Account takeover, from the attacker's side: registering someone else's address before they do, being added
 * to an organisation through an unverified account, leaked or repurposed links, and telling known addresses
 * from unknown ones. E-mail goes through a real SMTP server; the links are read from the captured messages.
 */
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const ATTACKER_PASSWORD = 'the attacker chose this one';
const VICTIM_PASSWORD = 'the real owner chose this';

describe.each(ENGINES)('accounts cannot be taken over (%s)', (engine) => {
  let ctx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let api: ApiClient;
  let runner: JobRunner;
  let achievementId: string;
  let offsetMs = 0;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    ctx = await createTestApp(engine, {
      clock: { now: () => new Date(Date.now() + offsetMs) },
      mailer: smtpMailer(smtp),
    });
    runner = testJobRunner(ctx);
    ({ api, achievementId } = await organisationWithAchievement(ctx.app));
  });
  afterAll(async () => {
    await ctx?.close();
    await smtp?.close();
  });

  const drain = () => drainJobs(runner);
  const mailsTo = (address: string): CapturedMail[] => smtp.inbox.filter((m) => m.to.includes(address));
  const lastLink = (address: string, kind: string): string => {
    const mail = mailsTo(address).filter((m) => m.decoded.includes(`/${kind}/`)).pop();
    expect(mail, `a /${kind}/ link to ${address}`).toBeDefined();
    return new RegExp(`/${kind}/([A-Za-z0-9_-]+)`).exec(mail!.decoded)![1]!;
  };
  // Each request from its own address, so the per-IP rate limits of these routes do not get in the way.
  let ip = 0;
  const inject = (method: Method, url: string, payload?: object, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method, url, headers, remoteAddress: `10.0.${Math.floor(++ip / 250)}.${ip % 250}`, ...(payload ? { payload } : {}) });
  const cookieOf = (res: LightMyRequestResponse): string => String(res.headers['set-cookie']).split(';')[0]!;
  const as = (res: LightMyRequestResponse) => {
    const headers = { cookie: cookieOf(res), 'x-csrf-token': res.json().csrfToken as string };
    return (method: Method, url: string, payload?: object) => inject(method, url, payload, headers);
  };
  const signIn = (email: string, password: string) => inject('POST', '/api/v1/session', { email, password });
  const award = async (email: string): Promise<string> => {
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email, name: 'Someone' } });
    expect(res.statusCode, res.body).toBe(201);
    await drain();
    return res.json().id;
  };

  /** An account as the code before this fix made them: a password, a sign-in address nobody verified. */
  const legacyUnverifiedAccount = async (email: string) => {
    const now = new Date().toISOString();
    // Through the store: the address is sealed at rest and found by its blind index.
    await ctx.deps.store.users.insert({ id: `legacy-${email}`, email, name: 'Attacker', passwordHash: await ctx.deps.passwords.hash(ATTACKER_PASSWORD), locale: null, createdAt: now, updatedAt: now });
    const session = await signIn(email, ATTACKER_PASSWORD);
    expect(session.statusCode, session.body).toBe(200);
    return { cookie: cookieOf(session) };
  };
  const attackerLockedOut = async (email: string, attacker: { cookie: string }) => {
    expect((await signIn(email, ATTACKER_PASSWORD)).statusCode).toBe(401);
    expect((await inject('GET', '/api/v1/session', undefined, { cookie: attacker.cookie })).statusCode).toBe(401);
  };

  /** Register through the mailbox: ask, read the activation link, choose the password there. */
  const register = async (email: string, password = PASSWORD) => {
    expect((await inject('POST', '/api/v1/accounts', { email })).statusCode).toBe(202);
    await drain();
    const activated = await inject('POST', '/api/v1/accounts/activate', { token: lastLink(email, 'activate'), password, name: 'Someone' });
    expect(activated.statusCode, activated.body).toBe(201);
    return activated;
  };

  it('registration only says "check your mailbox": the same answer for known and unknown addresses, and nothing for the registrant', async () => {
    const known = await inject('POST', '/api/v1/accounts', { email: 'owner@acme.example' });
    const unknown = await inject('POST', '/api/v1/accounts', { email: 'victim@example.org' });
    for (const res of [known, unknown]) {
      expect(res.statusCode, res.body).toBe(202);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(known.body).toBe(unknown.body);
    expect(Object.keys(known.headers).sort()).toEqual(Object.keys(unknown.headers).sort());
    // An attacker cannot even put a password on the request.
    expect((await inject('POST', '/api/v1/accounts', { email: 'victim@example.org', password: ATTACKER_PASSWORD })).statusCode).toBe(400);
    expect((await signIn('victim@example.org', ATTACKER_PASSWORD)).statusCode).toBe(401);
    await drain();

    // The mailbox says which: the known address is told it has an account (with a sign-in link), not given a second one.
    const toOwner = mailsTo('owner@acme.example').pop()!;
    expect(toOwner.decoded).toContain('/magic/');
    expect(toOwner.decoded).not.toContain('/activate/');
    expect(toOwner.decoded).toMatch(/already has an account/);

    // The real owner of the mailbox activates with their own password; the link works once.
    const token = lastLink('victim@example.org', 'activate');
    const activated = await inject('POST', '/api/v1/accounts/activate', { token, password: VICTIM_PASSWORD });
    expect(activated.statusCode, activated.body).toBe(201);
    expect(activated.json().user.email).toBe('victim@example.org');
    expect((await inject('POST', '/api/v1/accounts/activate', { token, password: ATTACKER_PASSWORD })).statusCode).toBe(401);
    expect((await signIn('victim@example.org', ATTACKER_PASSWORD)).statusCode).toBe(401);
    expect((await signIn('victim@example.org', VICTIM_PASSWORD)).statusCode).toBe(200);
    // Its sign-in address is verified: it is listed, and credentials sent there show in the backpack.
    const addresses = (await as(activated)('GET', '/api/v1/me/addresses')).json().items;
    expect(addresses).toMatchObject([{ value: 'victim@example.org', verifiedAt: expect.any(String) }]);
  });

  it('a sign-in link request does the same work for known and unknown addresses and answers the same', async () => {
    const jobs = async () => Number((await ctx.storage.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await jobs();
    const known = await inject('POST', '/api/v1/session/link', { email: 'owner@acme.example' });
    const afterKnown = await jobs();
    const unknown = await inject('POST', '/api/v1/session/link', { email: 'no.such.person@example.org' });
    const afterUnknown = await jobs();
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
    expect(afterKnown - before).toBe(afterUnknown - afterKnown);
    await drain();
    expect(mailsTo('no.such.person@example.org')).toHaveLength(0);
  });

  it('an unverified account gains nothing from an invitation; only the mailed token joins, once, before it expires, for that address', async () => {
    const attacker = await legacyUnverifiedAccount('staff@example.org');
    const invited = await api.post('/api/v1/invitations', { email: 'staff@example.org', role: 'admin' });
    expect(invited.statusCode, invited.body).toBe(202);
    expect(invited.json()).toMatchObject({ email: 'staff@example.org', role: 'admin', expiresAt: expect.any(String) });

    // The pre-registered account is not a member, however it signs in.
    const again = await signIn('staff@example.org', ATTACKER_PASSWORD);
    expect(again.json().organisationId).toBeNull();
    expect((await inject('GET', '/api/v1/organisation', undefined, { cookie: cookieOf(again) })).statusCode).toBe(403);
    expect((await inject('GET', '/api/v1/members', undefined, { cookie: attacker.cookie })).statusCode).toBe(403);
    expect((await api.get('/api/v1/members')).json().items.map((m: { email: string }) => m.email)).not.toContain('staff@example.org');
    expect((await api.get('/api/v1/invitations')).json().items).toMatchObject([{ email: 'staff@example.org', role: 'admin' }]);

    await drain();
    const token = lastLink('staff@example.org', 'join');
    expect((await inject('GET', `/api/v1/join/${token}`)).json()).toMatchObject({ organisationName: 'Acme University', role: 'admin', email: 'staff@example.org' });
    // Guessing does not work, and nor does the attacker's own session: the invitation is bound to the mailbox.
    expect((await inject('POST', `/api/v1/join/${'x'.repeat(43)}`, { password: ATTACKER_PASSWORD })).statusCode).toBe(404);
    const someoneElse = await register('someone.else@example.org');
    const wrongAccount = await as(someoneElse)('POST', `/api/v1/join/${token}`, {});
    expect(wrongAccount.statusCode).toBe(403);

    // The person with the mailbox joins; whatever the attacker set no longer works.
    const joined = await inject('POST', `/api/v1/join/${token}`, { password: VICTIM_PASSWORD, name: 'Real Staff' });
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json()).toMatchObject({ role: 'admin', user: { email: 'staff@example.org' } });
    await attackerLockedOut('staff@example.org', attacker);
    expect((await signIn('staff@example.org', VICTIM_PASSWORD)).json().role).toBe('admin');
    expect((await inject('POST', `/api/v1/join/${token}`, { password: ATTACKER_PASSWORD })).statusCode).toBe(404); // single use
    expect((await api.get('/api/v1/invitations')).json().items).toEqual([]);

    // Expired after 7 days; revoked invitations are gone; a re-invitation sends a new token.
    expect((await api.post('/api/v1/invitations', { email: 'late@example.org', role: 'viewer' })).statusCode).toBe(202);
    await drain();
    const late = lastLink('late@example.org', 'join');
    offsetMs = 8 * 86_400_000;
    try {
      const expired = await inject('POST', `/api/v1/join/${late}`, { password: VICTIM_PASSWORD });
      expect(expired.statusCode).toBe(409);
      expect(expired.json().type).toBe('https://laurel.dev/problems/invalid-state');
    } finally {
      offsetMs = 0;
    }
    const revocable = (await api.post('/api/v1/invitations', { email: 'revoked@example.org', role: 'viewer' })).json();
    await drain();
    const revokedToken = lastLink('revoked@example.org', 'join');
    expect((await api.request('DELETE', `/api/v1/invitations/${revocable.id}`)).statusCode).toBe(204);
    expect((await inject('POST', `/api/v1/join/${revokedToken}`, { password: VICTIM_PASSWORD })).statusCode).toBe(404);
  });

  it('an invitation answers the same for addresses with and without an account, and never above the inviter', async () => {
    await register('has.account@example.org');
    const known = await api.post('/api/v1/invitations', { email: 'has.account@example.org', role: 'viewer' });
    const unknown = await api.post('/api/v1/invitations', { email: 'no.account@example.org', role: 'viewer' });
    const shape = (res: LightMyRequestResponse) => ({ status: res.statusCode, keys: Object.keys(res.json()).sort(), role: res.json().role });
    expect(shape(known)).toEqual(shape(unknown));
    expect(shape(known).status).toBe(202);

    // An admin cannot invite an owner (nor can an invitation be accepted once its inviter lost the rank).
    await drain();
    const adminToken = lastLink('has.account@example.org', 'join');
    const admin = await signIn('staff@example.org', VICTIM_PASSWORD);
    expect((await as(admin)('POST', '/api/v1/invitations', { email: 'boss@example.org', role: 'owner' })).statusCode).toBe(403);
    expect((await as(admin)('POST', '/api/v1/invitations', { email: 'peer@example.org', role: 'admin' })).statusCode).toBe(202);
    await drain();
    const staffId = (await api.get('/api/v1/members')).json().items.find((m: { email: string }) => m.email === 'staff@example.org').userId;
    expect((await api.patch(`/api/v1/members/${staffId}`, { role: 'viewer' })).statusCode).toBe(204);
    const demoted = await inject('POST', `/api/v1/join/${lastLink('peer@example.org', 'join')}`, { password: VICTIM_PASSWORD });
    expect(demoted.statusCode).toBe(409);
    expect((await api.get('/api/v1/members')).json().items.map((m: { email: string }) => m.email)).not.toContain('peer@example.org');
    // An existing, verified account accepts while signed in as itself (the token alone does not sign anyone in).
    const anonymous = await inject('POST', `/api/v1/join/${adminToken}`, { password: ATTACKER_PASSWORD });
    expect(anonymous.statusCode).toBe(401);
    const holder = await signIn('has.account@example.org', PASSWORD);
    const accepted = await as(holder)('POST', `/api/v1/join/${adminToken}`, {});
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().role).toBe('viewer');
  });

  it('the claim link cannot unsubscribe and the unsubscribe link cannot claim; one-click unsubscribe works (RFC 8058)', async () => {
    await award('ada@example.org');
    const mail = mailsTo('ada@example.org').pop()!;
    const claimToken = lastLink('ada@example.org', 'claim');
    const header = /List-Unsubscribe:\s*<([^>]+)>/i.exec(mail.raw)![1]!;
    expect(mail.raw).toMatch(/List-Unsubscribe-Post:\s*List-Unsubscribe=One-Click/i);
    expect(header).not.toContain(claimToken);
    const unsubscribeToken = /\/unsubscribe\/([A-Za-z0-9_-]+)$/.exec(header)![1]!;
    expect(mail.decoded).toContain(`/unsubscribe/${unsubscribeToken}`);

    expect((await inject('POST', `/api/v1/unsubscribe/${claimToken}`)).statusCode).toBe(404);
    expect((await inject('GET', `/api/v1/claims/${unsubscribeToken}`)).statusCode).toBe(404);
    const bob = await register('bob@example.net');
    expect((await as(bob)('POST', `/api/v1/claims/${unsubscribeToken}`)).statusCode).toBe(404);

    // What a mail provider does with the header: a form POST to that URL.
    const oneClick = await ctx.app.inject({ method: 'POST', url: new URL(header).pathname, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(oneClick.statusCode, oneClick.body).toBe(204);
    const before = mailsTo('ada@example.org').length;
    await award('ada@example.org');
    expect(mailsTo('ada@example.org')).toHaveLength(before);
  });

  it('claiming into an account that signs in with another address adds that address only once it is verified', async () => {
    await award('grace@example.org');
    const claimToken = lastLink('grace@example.org', 'claim');
    const bob = await signIn('bob@example.net', PASSWORD);
    const claimed = await as(bob)('POST', `/api/v1/claims/${claimToken}`);
    expect(claimed.statusCode, claimed.body).toBe(200);
    const values = async () => (await as(bob)('GET', '/api/v1/me/addresses')).json().items.map((a: { value: string; verifiedAt: string | null }) => a.value);
    expect(await values()).not.toContain('grace@example.org');
    // A verification link goes to that address; only its holder can add it.
    await drain();
    const verify = lastLink('grace@example.org', 'verify-address');
    expect((await as(bob)('POST', '/api/v1/me/addresses/confirm', { token: verify })).statusCode).toBe(200);
    expect(await values()).toContain('grace@example.org');
  });

  it('pre-hijack: whoever registered the address first loses their password and sessions when its owner claims from the award e-mail', async () => {
    const attacker = await legacyUnverifiedAccount('carol@example.org');
    await award('carol@example.org');
    const token = lastLink('carol@example.org', 'claim');
    const made = await inject('POST', `/api/v1/claims/${token}/account`, { password: VICTIM_PASSWORD, name: 'Carol' });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ user: { email: 'carol@example.org' }, credential: { claimed: true } });
    await attackerLockedOut('carol@example.org', attacker);
    expect((await signIn('carol@example.org', VICTIM_PASSWORD)).statusCode).toBe(200);
    // An account whose address is verified is not reset by a claim link: sign in instead.
    await award('carol@example.org');
    const second = await inject('POST', `/api/v1/claims/${lastLink('carol@example.org', 'claim')}/account`, { password: ATTACKER_PASSWORD });
    expect(second.statusCode).toBe(409);
    expect((await signIn('carol@example.org', VICTIM_PASSWORD)).statusCode).toBe(200);
  });

  it('pre-hijack: a sign-in link or an address verification by the owner ends the first registrant\'s password and sessions', async () => {
    const dave = await legacyUnverifiedAccount('dave@example.org');
    expect((await inject('POST', '/api/v1/session/link', { email: 'dave@example.org' })).statusCode).toBe(202);
    await drain();
    const signedIn = await inject('POST', '/api/v1/session/link/consume', { token: lastLink('dave@example.org', 'magic') });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    await attackerLockedOut('dave@example.org', dave);
    expect((await as(signedIn)('GET', '/api/v1/me/addresses')).json().items.map((a: { value: string }) => a.value)).toContain('dave@example.org');

    const erin = await legacyUnverifiedAccount('erin@example.org');
    const owner = await register('erin.home@example.org');
    expect((await as(owner)('POST', '/api/v1/me/addresses', { email: 'erin@example.org' })).statusCode).toBe(202);
    await drain();
    expect((await as(owner)('POST', '/api/v1/me/addresses/confirm', { token: lastLink('erin@example.org', 'verify-address') })).statusCode).toBe(200);
    await attackerLockedOut('erin@example.org', erin);
  });
});
