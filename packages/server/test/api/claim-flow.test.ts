import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRunner, type JobRunner } from '../../src/adapters/jobs/job-runner.js';
import { createMailer } from '../../src/adapters/mail/mailer.js';
import { jobHandlers } from '../../src/compose.js';
import { aesGcmVault } from '../../src/adapters/keys/key-vault.js';
import { localKms } from '../../src/adapters/keys/kms.js';
import { readKeys } from '../../src/adapters/storage/personal-data.js';
import { startSmtpServer, smtpMailer } from '../support/smtp.js';
import { ENGINES, PASSWORD, TEST_MASTER_KEY, createTestApp, registerAccount, minimalIssuer, type ApiClient, type TestContext, organisationWithAchievement, asSignedIn, sessionHeaders } from '../support/test-app.js';
import { testJobRunner } from '../support/jobs.js';

describe.each(ENGINES)('award e-mail, claim link and backpack (%s)', (engine) => {
  let ctx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let api: ApiClient;
  let runner: JobRunner;
  let achievementId: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    ctx = await createTestApp(engine, { mailer: smtpMailer(smtp) });
    runner = testJobRunner(ctx);
    ({ api, achievementId } = await organisationWithAchievement(ctx.app));
  });
  afterAll(async () => {
    await ctx?.close();
    await smtp?.close();
  });

  const award = async (email: string) => (await api.post('/api/v1/credentials', { achievementId, recipient: { email, name: 'Ada Learner' } })).json();
  const claimLink = (body: string): string => /https:\/\/badges\.test\.example\/claim\/([A-Za-z0-9_-]+)/.exec(body)![1]!;

  it('e-mails the recipient through the durable job, with a claim link that works once', async () => {
    const credential = await award('ada@example.org');
    expect(smtp.inbox).toHaveLength(0); // nothing is sent inside the request: the job does it
    expect(await runner.runOnce()).toBe(1);
    expect(smtp.inbox).toHaveLength(1);
    const mail = smtp.inbox[0]!;
    expect(mail.to).toEqual(['ada@example.org']);
    expect(mail.decoded).toContain('Intro to Rust');
    expect(mail.decoded).toContain(`/credentials/${credential.id}`);
    expect(mail.decoded).toContain('https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME');
    expect(mail.raw).toMatch(/List-Unsubscribe:\s+<https:\/\/badges\.test\.example\/unsubscribe\//);
    expect(await runner.runOnce()).toBe(0); // done jobs are not run again
    expect((await api.post(`/api/v1/credentials/${credential.id}/notify`)).statusCode).toBe(202);
    await runner.runOnce();
    expect(smtp.inbox).toHaveLength(2); // a resend carries a new claim link
    expect(claimLink(smtp.inbox[1]!.decoded)).not.toBe(claimLink(mail.decoded));
    const token = claimLink(mail.decoded);

    const info = await ctx.app.inject({ method: 'GET', url: `/api/v1/claims/${token}` });
    expect(info.json()).toMatchObject({ achievementName: 'Intro to Rust', issuerName: minimalIssuer.name, email: 'ada@example.org', usable: true });

    // The earner has an account with another address (registered through its mailbox) and claims.
    const signup = await registerAccount(ctx, 'ada.personal@example.net');
    const asAda = asSignedIn(ctx.app, signup);

    const claimed = await asAda('POST', `/api/v1/claims/${token}`);
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json()).toMatchObject({ id: credential.id, claimed: true, visibility: 'public', achievement: { name: 'Intro to Rust' }, address: 'sent' });
    expect((await asAda('POST', `/api/v1/claims/${token}`)).statusCode).toBe(409);

    // The address it was sent to is not Ada's account's: it joins once she uses the link mailed to it.
    const second = await award('ada@example.org');
    expect((await asAda('GET', '/api/v1/me/credentials')).json().items.map((c: { id: string }) => c.id)).toEqual([credential.id]);
    await runner.runOnce();
    const verifyMail = smtp.inbox.filter((m) => m.to.includes('ada@example.org') && m.decoded.includes('/verify-address/')).pop()!;
    const verifyToken = /\/verify-address\/([A-Za-z0-9_-]+)/.exec(verifyMail.decoded)![1]!;
    expect((await asAda('POST', '/api/v1/me/addresses/confirm', { token: verifyToken })).statusCode).toBe(200);

    // Older credentials to the now-verified address appear too; then the earner hides one.
    const backpack = (await asAda('GET', '/api/v1/me/credentials')).json().items;
    expect(backpack.map((c: { id: string }) => c.id).sort()).toEqual([credential.id, second.id].sort());
    const hidden = await asAda('PATCH', `/api/v1/me/credentials/${credential.id}`, { visibility: 'private' });
    expect(hidden.json().visibility).toBe('private');
    expect((await ctx.app.inject({ method: 'GET', url: `/ob2/assertions/${credential.id}` })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: `/ob3/credentials/${credential.id}` })).statusCode).toBe(404);
    // Private: 404 to everyone but its owner, who still sees the page, the PDF and the badge (never cached).
    expect((await ctx.app.inject({ method: 'GET', url: `/credentials/${credential.id}` })).statusCode).toBe(404);
    const own = await asAda('GET', `/credentials/${credential.id}`);
    expect(own.statusCode).toBe(200);
    expect(own.headers['cache-control']).toBe('private, no-store');
    expect((await asAda('GET', `/credentials/${credential.id}/certificate.pdf`)).statusCode).toBe(200);
    expect((await asAda('GET', `/credentials/${credential.id}/badge.png`)).statusCode).toBe(200);
    const ownJson = await asAda('GET', `/ob3/credentials/${credential.id}`);
    expect(ownJson.statusCode).toBe(200);
    expect(ownJson.headers['cache-control']).toBe('private, no-store');
    const stranger = await registerAccount(ctx, 'eve@example.net');
    const eve = String(stranger.headers['set-cookie']).split(';')[0]!;
    expect((await ctx.app.inject({ method: 'GET', url: `/credentials/${credential.id}`, headers: { cookie: eve } })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me/credentials' })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'PATCH', url: `/api/v1/me/credentials/${credential.id}`, headers: { cookie: sessionHeaders(signup).cookie }, payload: { visibility: 'public' } })).statusCode).toBe(403);
  });

  it('honours unsubscribe, and a failing mail server makes the job retry rather than lose the e-mail', async () => {
    await runner.runOnce();
    const before = smtp.inbox.length;
    await award('bob@example.org');
    await runner.runOnce();
    const token = /\/unsubscribe\/([A-Za-z0-9_-]+)/.exec(smtp.inbox[before]!.decoded)![1]!;
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/unsubscribe/${token}` })).statusCode).toBe(204);
    await award('bob@example.org');
    await runner.runOnce();
    expect(smtp.inbox.length).toBe(before + 1);
    const jobs = await ctx.storage.db.selectFrom('jobs').select(['status', 'result']).where('name', '=', 'credential.issued').execute();
    // A job's result is sealed at rest (docs/privacy.md): opened with the keys.
    const ring = (await readKeys(ctx.storage.db, localKms(aesGcmVault(TEST_MASTER_KEY))))!;
    expect(jobs.some((j) => j.result !== null && j.result.startsWith('pd1.') && ring.open(j.result, 'jobs.result').includes('opted out'))).toBe(true);

    // A mailer that cannot connect: the job stays queued with its error, for a later attempt.
    const broken = createJobRunner({ queue: ctx.deps.store.jobs, handlers: jobHandlers({ ...ctx.deps, mailer: createMailer({ smtpUrl: 'smtp://127.0.0.1:1', outboxDir: '/x', from: 'x@y.z' }).mailer }), clock: ctx.deps.clock });
    const credential = await award('carol@example.org');
    await broken.runOnce();
    const job = await ctx.storage.db.selectFrom('jobs').selectAll().where('payload', 'like', `%${credential.id}%`).executeTakeFirstOrThrow();
    expect(job.status).toBe('queued');
    expect(job.last_error).toMatch(/^pd1\./);
    expect((await ctx.deps.store.jobs.get(job.id))!.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(job.attempts).toBe(1);
  });

  it('signs in with an e-mailed link and attaches a further verified address with its older credentials', async () => {
    await runner.runOnce();
    const before = smtp.inbox.length;
    const older = await award('ada.work@example.com');
    await runner.runOnce(); // its award e-mail

    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/session/link', payload: { email: 'nobody@example.org' } })).statusCode).toBe(202);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/session/link', payload: { email: 'ada.personal@example.net' } })).statusCode).toBe(202);
    await runner.runOnce();
    const links = smtp.inbox.slice(before).filter((m) => m.decoded.includes('/magic/'));
    expect(links).toHaveLength(1); // nothing for the unknown address
    expect(links[0]!.to).toEqual(['ada.personal@example.net']);
    const magic = /\/magic\/([A-Za-z0-9_-]+)/.exec(links[0]!.decoded)![1]!;
    const session = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/link/consume', payload: { token: magic } });
    expect(session.statusCode, session.body).toBe(200);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/session/link/consume', payload: { token: magic } })).statusCode).toBe(401);
    const cookie = String(session.headers['set-cookie']).split(';')[0]!;
    const csrf = session.json().csrfToken;
    const asAda = (method: 'GET' | 'POST', url: string, payload?: object) => ctx.app.inject({ method, url, headers: { cookie, 'x-csrf-token': csrf }, ...(payload ? { payload } : {}) });

    const ids = async () => (await asAda('GET', '/api/v1/me/credentials')).json().items.map((c: { id: string }) => c.id);
    expect(await ids()).not.toContain(older.id);
    expect((await asAda('POST', '/api/v1/me/addresses', { email: 'Ada.Work@example.com' })).statusCode).toBe(202);
    await runner.runOnce();
    const verify = smtp.inbox.filter((m) => m.decoded.includes('/verify-address/')).pop()!;
    expect(verify.to).toEqual(['ada.work@example.com']);
    const token = /\/verify-address\/([A-Za-z0-9_-]+)/.exec(verify.decoded)![1]!;
    const confirmed = await asAda('POST', '/api/v1/me/addresses/confirm', { token });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ type: 'email', value: 'ada.work@example.com', verifiedAt: expect.any(String) });
    expect(await ids()).toContain(older.id);
    expect((await asAda('POST', '/api/v1/me/addresses/confirm', { token })).statusCode).toBe(409);
  });

  it('an earner can opt in to a public profile that lists only their public credentials', async () => {
    const signIn = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'ada.personal@example.net', password: PASSWORD } });
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    const csrf = signIn.json().csrfToken;
    const patch = (payload: object) => ctx.app.inject({ method: 'PATCH', url: '/api/v1/me/profile', headers: { cookie, 'x-csrf-token': csrf }, payload });
    expect((await ctx.app.inject({ method: 'GET', url: '/u/ada-l' })).statusCode).toBe(404);
    expect((await patch({ public: true })).statusCode).toBe(400); // a handle first
    expect((await patch({ handle: 'Not OK!' })).statusCode).toBe(400);
    const made = await patch({ handle: 'ada-l', bio: 'Learner <b>& maker</b>', public: true });
    expect(made.json()).toMatchObject({ handle: 'ada-l', public: true, url: 'https://badges.test.example/u/ada-l' });

    const items = (await ctx.app.inject({ method: 'GET', url: '/api/v1/me/credentials', headers: { cookie } })).json().items as { id: string; visibility: string }[];
    const page = await ctx.app.inject({ method: 'GET', url: '/u/ada-l', headers: { 'accept-language': 'en' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Learner &lt;b&gt;&amp; maker&lt;/b&gt;');
    for (const item of items) {
      if (item.visibility === 'public') expect(page.body).toContain(`/credentials/${item.id}`);
      else expect(page.body).not.toContain(`/credentials/${item.id}`);
    }
    expect(items.some((i) => i.visibility === 'private')).toBe(true);

    expect((await patch({ public: false })).json().public).toBe(false);
    expect((await ctx.app.inject({ method: 'GET', url: '/u/ada-l' })).statusCode).toBe(404);
  });

  it("uses the organisation's own subject and message, escaped, in award e-mails", async () => {
    await runner.runOnce();
    const settings = await api.patch('/api/v1/organisation', { settings: { awardEmailSubject: 'Well done {recipient}: {achievement}', awardEmailMessage: 'From all of us at {issuer} <3\n\nSee you at graduation & beyond.' } });
    expect(settings.statusCode, settings.body).toBe(200);
    const before = smtp.inbox.length;
    await award('grace@example.org');
    await runner.runOnce();
    const mail = smtp.inbox[before]!;
    expect(mail.raw).toMatch(/Subject: Well done Ada Learner: Intro to Rust/);
    expect(mail.decoded).toContain(`From all of us at ${minimalIssuer.name} &#60;3</p><p>See you at graduation &#38; beyond.</p>`);
    expect(mail.decoded).toContain('See you at graduation & beyond.'); // the text part, as written
    await api.patch('/api/v1/organisation', { settings: { awardEmailSubject: null, awardEmailMessage: null } });
  });
});
