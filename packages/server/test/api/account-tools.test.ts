import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser, handClock } from '../support/browser.js';
import { passwordSignIn } from '../support/mfa.js';
import { ENGINES, PASSWORD, createTestApp, registerAccount, type TestContext } from '../support/test-app.js';
import { emailLinkJob } from '../../src/domain/earners/email-links.js';
import type { MailMessage } from '../../src/domain/notifications/ports.js';

const NEW_PASSWORD = 'another long password';

describe.each(ENGINES)('account tools: password, sign-in address, sessions (%s)', (engine) => {
  let ctx: TestContext;
  const time = handClock();
  let n = 0;

  const account = async () => {
    const email = `person-${++n}@example.org`;
    await registerAccount(ctx, email);
    const browser = new TestBrowser(ctx.app);
    expect((await passwordSignIn(browser, email)).statusCode).toBe(200);
    return { email, browser };
  };

  /** Runs every queued e-mail job once and returns what was sent. */
  const runMailJobs = async (): Promise<MailMessage[]> => {
    const sent: MailMessage[] = [];
    const handler = emailLinkJob({ ...ctx.deps, mailer: { send: async (m) => void sent.push(m) } });
    const jobs = await ctx.storage.db.selectFrom('jobs').selectAll().where('name', '=', 'email.link').where('status', '=', 'queued').execute();
    for (const job of jobs) {
      // The payload is sealed at rest (it names the address): read through the queue.
      await handler.handle((await ctx.deps.store.jobs.get(job.id))!.payload, { jobId: job.id, attempt: 1 });
      await ctx.storage.db.updateTable('jobs').set({ status: 'done' }).where('id', '=', job.id).execute();
    }
    return sent;
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine, { clock: time.clock });
  });
  afterAll(async () => ctx?.close());

  it('changing the password needs the current one (throttled), and ends every other session', async () => {
    const { email, browser } = await account();
    const phone = new TestBrowser(ctx.app);
    await passwordSignIn(phone, email);
    const missing = await browser.post('/api/v1/me/password', { newPassword: NEW_PASSWORD });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toContainEqual({ path: '/currentPassword', message: 'is required' });
    const wrong = await browser.post('/api/v1/me/password', { currentPassword: 'a wrong password', newPassword: NEW_PASSWORD });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].path).toBe('/currentPassword');
    expect((await browser.post('/api/v1/me/password', { currentPassword: PASSWORD, newPassword: 'short' })).statusCode).toBe(400);
    expect((await browser.post('/api/v1/me/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).statusCode).toBe(204);
    expect((await browser.get('/api/v1/me/sessions')).statusCode).toBe(200);
    expect((await phone.get('/api/v1/me/sessions')).statusCode).toBe(401);
    expect((await passwordSignIn(new TestBrowser(ctx.app), email)).statusCode).toBe(401);
    expect((await passwordSignIn(new TestBrowser(ctx.app), email, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('guessing the current password through the change form is throttled like sign-in', async () => {
    const { browser } = await account();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await browser.post('/api/v1/me/password', { currentPassword: `guess ${i} guess`, newPassword: NEW_PASSWORD })).statusCode);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    expect((await browser.post('/api/v1/me/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).statusCode).toBe(429);
    time.advance(31);
  });

  it('changing the sign-in address: a link to the new address confirms it, the old address is told; the link works once, for its account only', async () => {
    const { email, browser } = await account();
    const other = await account();
    const newEmail = `moved-${n}@example.org`;
    expect((await browser.post('/api/v1/me/email', { email: newEmail })).statusCode).toBe(202);
    const [link] = await runMailJobs();
    expect(link!.to).toBe(newEmail);
    const token = /\/change-email\/([A-Za-z0-9_-]+)/.exec(link!.text)![1]!;
    // Nothing changed yet.
    expect((await browser.get('/api/v1/session')).json().user.email).toBe(email);

    // Attack: another signed-in account uses the link (forwarded, or guessed from a shared mailbox).
    const stolen = await other.browser.post('/api/v1/me/email/confirm', { token });
    expect(stolen.statusCode).toBe(403);
    expect((await other.browser.get('/api/v1/session')).json().user.email).toBe(other.email);
    // Not signed in at all: refused.
    expect((await new TestBrowser(ctx.app).post('/api/v1/me/email/confirm', { token })).statusCode).toBe(401);

    // The owner uses it: the account signs in with the new address.
    const done = await browser.post('/api/v1/me/email/confirm', { token });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ email: newEmail });
    expect((await browser.get('/api/v1/session')).json().user.email).toBe(newEmail);
    expect((await passwordSignIn(new TestBrowser(ctx.app), newEmail)).statusCode).toBe(200);
    expect((await passwordSignIn(new TestBrowser(ctx.app), email)).statusCode).toBe(401);

    // Used twice: refused.
    const twice = await browser.post('/api/v1/me/email/confirm', { token });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().type).toBe('https://laurel.dev/problems/invalid-state');

    // The former address is told (no link to act on).
    const [notice] = await runMailJobs();
    expect(notice!.to).toBe(email);
    expect(notice!.subject).toMatch(/sign-in address was changed/);
    expect(notice!.text).not.toMatch(/change-email\//);
  });

  it('asking to change the address needs a fresh factor; an address another account signs in with is refused when confirmed', async () => {
    const { browser } = await account();
    const taken = await account();
    time.advance(11 * 60);
    expect((await browser.post('/api/v1/me/email', { email: 'x@example.org' })).json().type).toBe('https://laurel.dev/problems/step-up-required');
    expect((await browser.post('/api/v1/session/step-up', { method: 'password', password: PASSWORD })).statusCode).toBe(200);
    expect((await browser.post('/api/v1/me/email', { email: taken.email })).statusCode).toBe(202);
    const [link] = await runMailJobs();
    const token = /\/change-email\/([A-Za-z0-9_-]+)/.exec(link!.text)![1]!;
    expect((await browser.post('/api/v1/me/email/confirm', { token })).statusCode).toBe(409);
  });

  it('lists my sessions (device, created, last seen) and ends one or all the others; another person’s session is out of reach', async () => {
    const { email, browser } = await account();
    const phone = new TestBrowser(ctx.app);
    await phone.request('POST', '/api/v1/session', { email, password: PASSWORD }, { 'user-agent': 'Phone/2.0' });
    const tablet = new TestBrowser(ctx.app);
    await passwordSignIn(tablet, email);
    time.advance(120);
    await phone.get('/api/v1/me/sessions'); // seen now

    const listed = (await browser.get('/api/v1/me/sessions')).json().items;
    expect(listed).toHaveLength(4); // the one activating the account made, too
    expect(listed.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const phoneSession = listed.find((s: { userAgent: string }) => s.userAgent === 'Phone/2.0');
    expect(phoneSession.lastSeenAt).toBe(new Date(time.nowMs()).toISOString());
    expect(phoneSession.ip).toBe(phone.ip);

    // Attack: another account ends this person's session by its id.
    const stranger = await account();
    const theirs = await stranger.browser.delete(`/api/v1/me/sessions/${phoneSession.id}`);
    expect(theirs.statusCode).toBe(404);
    expect((await phone.get('/api/v1/me/sessions')).statusCode).toBe(200);
    // Without the CSRF token: refused.
    const noCsrf = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${phoneSession.id}`, headers: { cookie: `laurel_session=${browser.cookies.get('laurel_session')}` } });
    expect(noCsrf.statusCode).toBe(403);

    expect((await browser.delete(`/api/v1/me/sessions/${phoneSession.id}`)).statusCode).toBe(204);
    expect((await phone.get('/api/v1/me/sessions')).statusCode).toBe(401);
    expect((await tablet.get('/api/v1/me/sessions')).statusCode).toBe(200);
    const ended = await browser.post('/api/v1/me/sessions/end-others');
    expect(ended.json()).toEqual({ ended: 2 });
    expect((await tablet.get('/api/v1/me/sessions')).statusCode).toBe(401);
    expect((await browser.get('/api/v1/me/sessions')).json().items).toHaveLength(1);
    expect((await stranger.browser.get('/api/v1/me/sessions')).json().items).toHaveLength(2); // untouched: theirs and their activation's
  });
});
