import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser, handClock } from '../support/browser.js';
import { passwordSignIn } from '../support/mfa.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';
import { BASE_URL, ENGINES, registerAccount, createTestApp, type TestContext } from '../support/test-app.js';

/**
 * Passkeys against a WebAuthn authenticator written in the test from the spec (support/soft-authenticator.ts):
 * Laurel verifies with @simplewebauthn/server, the authenticator signs with node:crypto.
 */
describe.each(ENGINES)('passkeys (WebAuthn) as a second factor and passwordless (%s)', (engine) => {
  let ctx: TestContext;
  const time = handClock();
  let n = 0;

  /** A fresh account, signed in, with a passkey on its own authenticator. */
  const withPasskey = async () => {
    const email = `passkey-${++n}@example.org`;
    await registerAccount(ctx, email);
    const browser = new TestBrowser(ctx.app);
    await passwordSignIn(browser, email);
    const authenticator = new SoftAuthenticator(BASE_URL);
    const options = (await browser.post('/api/v1/me/passkeys/options')).json();
    const registered = await browser.post('/api/v1/me/passkeys', { response: authenticator.create(options), name: 'Laptop' });
    expect(registered.statusCode, registered.body).toBe(201);
    return { email, browser, authenticator, registered: registered.json() };
  };

  /** Sign in with the password; returns the browser waiting for its second factor and the passkey options. */
  const pendingSignIn = async (email: string) => {
    const browser = new TestBrowser(ctx.app);
    expect((await passwordSignIn(browser, email)).statusCode).toBe(202);
    const options = await browser.post('/api/v1/session/second-factor/passkey/options');
    expect(options.statusCode).toBe(200);
    return { browser, options: options.json() };
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine, { clock: time.clock });
  });
  afterAll(async () => ctx?.close());

  it('registers a passkey (recovery codes come with the first factor), lists and removes it', async () => {
    const { browser, registered } = await withPasskey();
    expect(registered.passkey).toMatchObject({ name: 'Laptop', lastUsedAt: null });
    expect(registered.recoveryCodes).toHaveLength(10);
    const listed = (await browser.get('/api/v1/me/mfa')).json();
    expect(listed.passkeys).toEqual([registered.passkey]);
    // Registering the same options' answer twice: the challenge was used up.
    expect((await browser.post('/api/v1/me/passkeys', { response: new SoftAuthenticator(BASE_URL).create({ challenge: 'AAAA' }) })).statusCode).toBe(409);
    expect((await browser.delete(`/api/v1/me/passkeys/${registered.passkey.id}`)).statusCode).toBe(204);
    expect((await browser.get('/api/v1/me/mfa')).json()).toMatchObject({ passkeys: [], recoveryCodesLeft: 0 });
  });

  it('signs in with the passkey as the second factor', async () => {
    const { email, authenticator } = await withPasskey();
    const { browser, options } = await pendingSignIn(email);
    expect(options.allowCredentials).toHaveLength(1);
    const done = await browser.post('/api/v1/session/second-factor/passkey', { response: authenticator.get(options) });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().mfa).toMatchObject({ enrolled: true, verified: true });
    expect((await browser.get('/api/v1/me/mfa')).json().passkeys[0].lastUsedAt).not.toBeNull();
  });

  it('signs in without a password (discoverable passkey, user verification required)', async () => {
    const { email, authenticator } = await withPasskey();
    const browser = new TestBrowser(ctx.app);
    const options = await browser.post('/api/v1/session/passkey/options');
    expect(options.json()).toMatchObject({ userVerification: 'required', allowCredentials: [] });
    // Without user verification (no PIN or biometric) a passkey alone is one factor: refused.
    expect((await browser.post('/api/v1/session/passkey', { response: authenticator.get(options.json(), { userVerified: false }) })).statusCode).toBe(401);
    const again = (await browser.post('/api/v1/session/passkey/options')).json();
    const done = await browser.post('/api/v1/session/passkey', { response: authenticator.get(again) });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().user.email).toBe(email);
  });

  it('refuses an assertion by another user’s passkey, for another challenge, from another origin or RP, or replayed', async () => {
    const victim = await withPasskey();
    const attacker = await withPasskey();

    // The attacker knows the victim's password but holds only their own passkey.
    let { browser, options } = await pendingSignIn(victim.email);
    const foreign = attacker.authenticator.get(options);
    const res = await browser.post('/api/v1/session/second-factor/passkey', { response: foreign });
    expect(res.statusCode).toBe(401);
    expect(res.json().type).toBe('https://laurel.dev/problems/unauthenticated');

    // A good assertion, but for a challenge the server did not issue (an old one, or made up).
    ({ browser, options } = await pendingSignIn(victim.email));
    expect((await browser.post('/api/v1/session/second-factor/passkey', { response: victim.authenticator.get(options, { challenge: 'bm90LXRoZS1jaGFsbGVuZ2U' }) })).statusCode).toBe(401);
    // The challenge is single use: after a failure, even the right answer needs new options.
    expect((await browser.post('/api/v1/session/second-factor/passkey', { response: victim.authenticator.get(options) })).statusCode).toBe(401);

    // A phishing site relays the challenge: the browser signs its own origin (or RP id) into the answer.
    ({ browser, options } = await pendingSignIn(victim.email));
    expect((await browser.post('/api/v1/session/second-factor/passkey', { response: victim.authenticator.get(options, { origin: 'https://badges.test.example.evil.example' }) })).statusCode).toBe(401);
    ({ browser, options } = await pendingSignIn(victim.email));
    expect((await browser.post('/api/v1/session/second-factor/passkey', { response: victim.authenticator.get(options, { rpId: 'evil.example' }) })).statusCode).toBe(401);

    // A captured good assertion replayed into another pending sign-in: the challenge differs.
    ({ browser, options } = await pendingSignIn(victim.email));
    const good = victim.authenticator.get(options);
    expect((await browser.post('/api/v1/session/second-factor/passkey', { response: good })).statusCode).toBe(200);
    const second = await pendingSignIn(victim.email);
    expect((await second.browser.post('/api/v1/session/second-factor/passkey', { response: good })).statusCode).toBe(401);

    // Passwordless with the challenge of another browser (no cookie binding it here).
    const other = new TestBrowser(ctx.app);
    const stolen = (await other.post('/api/v1/session/passkey/options')).json();
    expect((await new TestBrowser(ctx.app).post('/api/v1/session/passkey', { response: victim.authenticator.get(stolen) })).statusCode).toBe(401);
    // Garbage in the response: a 401, not a 500.
    for (const response of [null, 'x', { id: 42 }, { id: 'abc', response: {} }, { id: victim.registered.passkey.id, response: { clientDataJSON: '!!', authenticatorData: '', signature: '' } }]) {
      const s = await pendingSignIn(victim.email);
      expect((await s.browser.post('/api/v1/session/second-factor/passkey', { response })).statusCode).toBe(401);
    }
  });

  it('refuses a registration made for another origin or another challenge', async () => {
    const email = `register-${++n}@example.org`;
    await registerAccount(ctx, email);
    const browser = new TestBrowser(ctx.app);
    await passwordSignIn(browser, email);
    const authenticator = new SoftAuthenticator(BASE_URL);
    let options = (await browser.post('/api/v1/me/passkeys/options')).json();
    expect((await browser.post('/api/v1/me/passkeys', { response: authenticator.create(options, { origin: 'https://evil.example' }) })).statusCode).toBe(400);
    options = (await browser.post('/api/v1/me/passkeys/options')).json();
    expect((await browser.post('/api/v1/me/passkeys', { response: authenticator.create(options, { challenge: 'b3RoZXI' }) })).statusCode).toBe(400);
    expect((await browser.get('/api/v1/me/mfa')).json().passkeys).toEqual([]);
  });

  it('one person cannot remove another’s passkey; removing needs a fresh factor', async () => {
    const a = await withPasskey();
    const b = await withPasskey();
    expect((await b.browser.delete(`/api/v1/me/passkeys/${a.registered.passkey.id}`)).statusCode).toBe(404);
    time.advance(11 * 60);
    expect((await a.browser.delete(`/api/v1/me/passkeys/${a.registered.passkey.id}`)).json().type).toBe('https://laurel.dev/problems/step-up-required');
    const options = (await a.browser.post('/api/v1/session/step-up/passkey/options')).json();
    expect((await a.browser.post('/api/v1/session/step-up/passkey', { response: b.authenticator.get(options) })).statusCode).toBe(401);
    const options2 = (await a.browser.post('/api/v1/session/step-up/passkey/options')).json();
    expect((await a.browser.post('/api/v1/session/step-up/passkey', { response: a.authenticator.get(options2) })).statusCode).toBe(200);
    expect((await a.browser.delete(`/api/v1/me/passkeys/${a.registered.passkey.id}`)).statusCode).toBe(204);
  });
});
