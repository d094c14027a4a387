import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser, handClock } from '../support/browser.js';
import { enrolTotp, passwordSignIn, totpAt } from '../support/mfa.js';
import { ENGINES, PASSWORD, addMemberByInvitation, apiClient, createTestApp, registerAccount, setupOrganisation, type TestContext } from '../support/test-app.js';
import { emailLinkJob } from '../../src/domain/earners/email-links.js';
import type { MailMessage } from '../../src/domain/notifications/ports.js';

// jsqr is CommonJS with an ES-style default in its types: take the function either way.
type JsQr = typeof import('jsqr').default;
const jsQR: JsQr = (jsQRModule as unknown as { default?: JsQr }).default ?? (jsQRModule as unknown as JsQr);

describe.each(ENGINES)('TOTP second factor and recovery codes (%s)', (engine) => {
  let ctx: TestContext;
  let apiKey: string;
  const time = handClock();
  let n = 0;

  /** A fresh member with a password, signed in, with an authenticator app (its secret known to the test). */
  const enrolled = async () => {
    const email = `totp-${++n}@acme.example`;
    await addMemberByInvitation(ctx, apiClient(ctx.app, apiKey), email, 'admin');
    const browser = new TestBrowser(ctx.app);
    expect((await passwordSignIn(browser, email)).statusCode).toBe(200);
    const { secret, recoveryCodes } = await enrolTotp(browser, time.nowMs);
    time.advance(30); // the confirming code's step is used up
    return { email, secret, recoveryCodes, browser };
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine, { clock: time.clock });
    apiKey = (await setupOrganisation(ctx.app)).apiKey;
  });
  afterAll(async () => ctx?.close());

  it('enrols with the secret as text and as a QR code, confirmed by a first code; recovery codes come once, hashed at rest', async () => {
    const email = `qr-${++n}@acme.example`;
    await addMemberByInvitation(ctx, apiClient(ctx.app, apiKey), email, 'viewer');
    const browser = new TestBrowser(ctx.app);
    await passwordSignIn(browser, email);
    const started = await browser.post('/api/v1/me/mfa/totp');
    expect(started.statusCode).toBe(201);
    expect(started.headers['cache-control']).toBe('no-store');
    const { secret, uri, qrCode } = started.json();
    // The QR code decodes (jsQR) to the otpauth URI that carries the secret.
    const png = PNG.sync.read(Buffer.from(qrCode.replace(/^data:image\/png;base64,/, ''), 'base64'));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(uri);
    expect(new URL(uri).searchParams.get('secret')).toBe(secret);

    // Not on until confirmed: the next sign-in asks for nothing more.
    expect((await browser.get('/api/v1/me/mfa')).json().totp.enabled).toBe(false);
    const wrong = await browser.post('/api/v1/me/mfa/totp/confirm', { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([{ path: '/code', message: 'is not right' }]);
    const confirmed = await browser.post('/api/v1/me/mfa/totp/confirm', { code: totpAt(secret, time.nowMs()) });
    expect(confirmed.statusCode).toBe(200);
    const codes: string[] = confirmed.json().recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect((await browser.get('/api/v1/me/mfa')).json()).toMatchObject({ totp: { enabled: true }, recoveryCodesLeft: 10 });

    // At rest: the secret is sealed, the codes hashed.
    const row = await ctx.storage.db.selectFrom('mfa_totp').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(await ctx.storage.db.selectFrom('mfa_totp').selectAll().execute())).not.toContain(secret);
    expect(row.secret.startsWith('v1.')).toBe(true);
    const stored = JSON.stringify(await ctx.storage.db.selectFrom('mfa_recovery_codes').selectAll().execute());
    for (const c of codes) expect(stored).not.toContain(c.replace(/-/g, ''));
    time.advance(30);
  });

  it('signing in asks for the second factor: the password step opens nothing, the code finishes it', async () => {
    const { email, secret, browser } = await enrolled();
    await browser.delete('/api/v1/session');
    const first = await passwordSignIn(browser, email);
    expect(first.statusCode).toBe(202);
    expect(first.json().secondFactor.methods).toEqual(['totp', 'recovery']);
    expect(first.cookies.map((c) => c.name)).toEqual(['laurel_mfa']);
    const pending = first.cookies[0]!;
    expect(pending).toMatchObject({ path: '/api/v1/session', httpOnly: true, sameSite: 'Strict' });

    // Attack: skip the second factor and call the API straight after the password step.
    for (const url of ['/api/v1/session', '/api/v1/organisation', '/api/v1/me/mfa', '/api/v1/me/sessions', '/api/v1/me/credentials', '/api/v1/issuers']) {
      const res = await browser.get(url);
      expect(res.statusCode, url).toBe(401);
    }
    // The pending token used as a session cookie is no session either.
    const forged = await ctx.app.inject({ method: 'GET', url: '/api/v1/organisation', cookies: { laurel_session: pending.value } });
    expect(forged.statusCode).toBe(401);
    expect((await browser.post('/api/v1/session/step-up', { method: 'password', password: PASSWORD })).statusCode).toBe(401);

    const done = await browser.post('/api/v1/session/second-factor', { method: 'totp', code: totpAt(secret, time.nowMs()) });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ user: { email }, mfa: { enrolled: true, verified: true } });
    expect((await browser.get('/api/v1/organisation')).statusCode).toBe(200);
    // The pending sign-in is spent: its cookie cannot make a second session.
    const again = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/second-factor', cookies: { laurel_mfa: pending.value }, payload: { method: 'totp', code: totpAt(secret, time.nowMs() + 30_000) } });
    expect(again.statusCode).toBe(401);
    time.advance(30);
  });

  it('a code works once: replayed in its own window, or an older one after a newer, it is refused', async () => {
    const { email, secret } = await enrolled();
    const code = totpAt(secret, time.nowMs());
    const a = new TestBrowser(ctx.app);
    await passwordSignIn(a, email);
    expect((await a.post('/api/v1/session/second-factor', { method: 'totp', code })).statusCode).toBe(200);
    // A shoulder-surfer (or a phishing proxy) replays the same code seconds later.
    const b = new TestBrowser(ctx.app);
    await passwordSignIn(b, email);
    const replay = await b.post('/api/v1/session/second-factor', { method: 'totp', code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().type).toBe('https://laurel.dev/problems/unauthenticated');
    // The previous step's code is still inside the drift window, but older than the one used: refused.
    expect((await b.post('/api/v1/session/second-factor', { method: 'totp', code: totpAt(secret, time.nowMs() - 30_000) })).statusCode).toBe(401);
    time.advance(30);
    expect((await b.post('/api/v1/session/second-factor', { method: 'totp', code: totpAt(secret, time.nowMs()) })).statusCode).toBe(200);
    time.advance(30);
  });

  it('guessing codes is throttled (the sign-in throttle): 429 with Retry-After, even for the right code, and a pending sign-in dies after five', async () => {
    const { email, secret } = await enrolled();
    const guesser = new TestBrowser(ctx.app);
    await passwordSignIn(guesser, email);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await guesser.post('/api/v1/session/second-factor', { method: 'totp', code: String(100000 + i) })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // Five wrong codes: this pending sign-in is gone (the password must be given again).
    expect((await guesser.post('/api/v1/session/second-factor', { method: 'totp', code: totpAt(secret, time.nowMs()) })).statusCode).toBe(401);
    await passwordSignIn(guesser, email);
    const locked = await guesser.post('/api/v1/session/second-factor', { method: 'totp', code: totpAt(secret, time.nowMs()) });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.json().type).toBe('https://laurel.dev/problems/rate-limited');
    time.advance(Number(locked.headers['retry-after']));
    expect((await guesser.post('/api/v1/session/second-factor', { method: 'totp', code: totpAt(secret, time.nowMs()) })).statusCode).toBe(200);
    time.advance(30);
  });

  it('a recovery code signs in once; used again it is refused; the count goes down', async () => {
    const { email, recoveryCodes } = await enrolled();
    const code = recoveryCodes[3]!;
    const a = new TestBrowser(ctx.app);
    await passwordSignIn(a, email);
    // Typed with other case and spaces: still the code.
    expect((await a.post('/api/v1/session/second-factor', { method: 'recovery', code: ` ${code.toUpperCase().replace(/-/g, ' ')} ` })).statusCode).toBe(200);
    expect((await a.get('/api/v1/me/mfa')).json().recoveryCodesLeft).toBe(9);
    const b = new TestBrowser(ctx.app);
    await passwordSignIn(b, email);
    expect((await b.post('/api/v1/session/second-factor', { method: 'recovery', code })).statusCode).toBe(401);
    // Another person's recovery code is no code for this account.
    const other = await enrolled();
    expect((await b.post('/api/v1/session/second-factor', { method: 'recovery', code: other.recoveryCodes[0]! })).statusCode).toBe(401);
  });

  it('an e-mailed sign-in link is a first factor only: the second is still asked', async () => {
    const { email, secret } = await enrolled();
    const sent: MailMessage[] = [];
    await emailLinkJob({ ...ctx.deps, mailer: { send: async (m) => void sent.push(m) } }).handle({ purpose: 'sign-in', email }, { jobId: 't', attempt: 1 });
    const token = /\/magic\/([A-Za-z0-9_-]+)/.exec(sent[0]!.text)![1]!;
    const browser = new TestBrowser(ctx.app);
    const used = await browser.post('/api/v1/session/link/consume', { token });
    expect(used.statusCode).toBe(202);
    expect((await browser.get('/api/v1/me/credentials')).statusCode).toBe(401);
    expect((await browser.post('/api/v1/session/second-factor', { method: 'totp', code: totpAt(secret, time.nowMs()) })).statusCode).toBe(200);
    expect((await browser.get('/api/v1/me/credentials')).statusCode).toBe(200);
    time.advance(30);
  });

  it('turning TOTP off needs a fresh factor (step-up); after that the password alone signs in again', async () => {
    const { email, secret, browser } = await enrolled();
    time.advance(11 * 60); // past the step-up window
    const refused = await browser.delete('/api/v1/me/mfa/totp');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().type).toBe('https://laurel.dev/problems/step-up-required');
    // With a second factor, the password no longer steps up.
    expect((await browser.post('/api/v1/session/step-up', { method: 'password', password: PASSWORD })).statusCode).toBe(403);
    expect((await browser.post('/api/v1/session/step-up', { method: 'totp', code: '123456' })).statusCode).toBe(401);
    expect((await browser.post('/api/v1/session/step-up', { method: 'totp', code: totpAt(secret, time.nowMs()) })).statusCode).toBe(200);
    expect((await browser.delete('/api/v1/me/mfa/totp')).statusCode).toBe(204);
    expect((await browser.get('/api/v1/me/mfa')).json()).toMatchObject({ totp: { enabled: false }, recoveryCodesLeft: 0 });
    expect((await passwordSignIn(new TestBrowser(ctx.app), email)).statusCode).toBe(200);
  });

  it('a registration link used after the address got an account with a second factor signs nobody in', async () => {
    const email = `late-${++n}@acme.example`;
    const sent: MailMessage[] = [];
    await emailLinkJob({ ...ctx.deps, mailer: { send: async (m) => void sent.push(m) } }).handle({ purpose: 'register', email }, { jobId: 't', attempt: 1 });
    const token = /\/activate\/([A-Za-z0-9_-]+)/.exec(sent[0]!.text)![1]!;
    // Meanwhile the address joins an organisation (its mailbox proven by the invitation) and adds an authenticator app.
    await addMemberByInvitation(ctx, apiClient(ctx.app, apiKey), email, 'viewer');
    const member = new TestBrowser(ctx.app);
    await passwordSignIn(member, email);
    await enrolTotp(member, time.nowMs);
    time.advance(30);
    const used = await ctx.app.inject({ method: 'POST', url: '/api/v1/accounts/activate', payload: { token, password: 'a different password' } });
    expect(used.statusCode).toBe(409);
    expect(used.headers['set-cookie']).toBeUndefined();
    expect((await passwordSignIn(new TestBrowser(ctx.app), email)).statusCode).toBe(202);
  });

  it('adding the first factor ends the other sessions (signed in with the password alone)', async () => {
    const email = `others-${++n}@example.org`;
    await registerAccount(ctx, email);
    const laptop = new TestBrowser(ctx.app);
    const phone = new TestBrowser(ctx.app);
    await passwordSignIn(laptop, email);
    await passwordSignIn(phone, email);
    await enrolTotp(laptop, time.nowMs);
    expect((await laptop.get('/api/v1/me/credentials')).statusCode).toBe(200);
    expect((await phone.get('/api/v1/me/credentials')).statusCode).toBe(401);
    time.advance(30);
  });
});
