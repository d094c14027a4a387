import { randomUUID } from 'node:crypto';
import { SignJWT, importJWK, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, BASE_URL, ENGINES, setupOrganisation, type TestContext } from '../support/test-app.js';
import { ssoSubjectIndexOf } from '../support/sealed.js';
import { TestBrowser } from '../support/browser.js';
import { enrolTotp } from '../support/mfa.js';
import { browseUntil } from '../support/sso-browser.js';
import { appReachingIdps, cookieOf, CookieJar, endSessionAtIdp, idpSigningKey, useIdpPair, type Idp } from '../support/oidc-idp.js';

/**
 * OpenID Connect Back-Channel Logout 1.0 against a real OpenID Provider (`oidc-provider` with its
 * `backchannelLogout` feature): a person signs in through the provider, their session there ends, the provider
 * posts a logout token and the Laurel session that sign-in opened ends. Then the attacker's tokens: signed by
 * another key, with a nonce, for another audience or issuer, replayed, without the event, expired.
 */

const CLIENT = { client_id: 'laurel-bcl', client_secret: 'a back-channel client secret long enough for HS256' };
const CALLBACK = `${BASE_URL}/api/v1/session/sso/oidc/callback`;
const LAUREL_HOST = new URL(BASE_URL).host;
const EVENT = 'http://schemas.openid.net/event/backchannel-logout';

const providers = useIdpPair(CLIENT, [CALLBACK], { backchannelLogout: true });
let idp: Idp;
let other: Idp;
beforeAll(() => void ({ idp, other } = providers));

describe.each(ENGINES)('OpenID Connect back-channel logout (%s)', (engine) => {
  let ctx: TestContext;
  let orgId: string;
  let connectionId: string;
  const endpoint = () => `/api/v1/session/sso/oidc/${connectionId}/backchannel-logout`;
  const post = (logoutToken: string) => ctx.app.inject({ method: 'POST', url: endpoint(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ logout_token: logoutToken }).toString() });

  beforeAll(async () => {
    ctx = await appReachingIdps(engine, [idp, other]);
    let apiKey: string;
    ({ apiKey, organisationId: orgId } = await setupOrganisation(ctx.app));
    const res = await apiClient(ctx.app, apiKey).post('/api/v1/organisation/sso-connections', {
      protocol: 'oidc',
      name: 'Campus IdP',
      slug: 'campus',
      domains: ['campus.example'],
      oidc: { issuer: idp.issuer, clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret },
      defaultRole: 'viewer',
    });
    expect(res.statusCode, res.body).toBe(201);
    connectionId = res.json().id;
    expect(res.json().serviceProvider.backchannelLogoutUri).toBe(`${BASE_URL}${endpoint()}`);
    // The provider posts to its relay; the relay hands the form to Laurel (no port) and answers with its status.
    idp.backchannel = async (form) => (await ctx.app.inject({ method: 'POST', url: endpoint(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form })).statusCode;
    for (const sub of ['kai', 'lea', 'max']) idp.accounts.set(sub, { email: `${sub}@campus.example`, email_verified: true, name: sub, groups: [] });
  });
  afterAll(() => ctx?.close());

  /** Signs `sub` in through the provider in the browser whose provider cookies are `jar`; Laurel's session cookie. */
  async function signIn(sub: string, jar: CookieJar) {
    idp.next.sub = sub;
    const start = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/sso', payload: { slug: 'campus' } });
    const callback = await browseUntil(start.json().redirectUrl, LAUREL_HOST, jar);
    const res = await ctx.app.inject({ method: 'GET', url: callback.pathname + callback.search, cookies: { laurel_sso: cookieOf(start, 'laurel_sso')! } });
    expect(res.statusCode, res.body).toBe(200);
    return { laurel_session: cookieOf(res, 'laurel_session')! };
  }
  const alive = async (session: { laurel_session: string }) => (await ctx.app.inject({ method: 'GET', url: '/api/v1/session', cookies: session })).statusCode === 200;
  const entries = async (action: string) => {
    const rows = await ctx.storage.db.selectFrom('audit_log').select(['id', 'details']).where('org_id', '=', orgId).where('action', '=', action).orderBy('created_at').execute();
    return rows.map((r) => ({ id: r.id, details: typeof r.details === 'string' ? JSON.parse(r.details) : r.details }));
  };
  /** Runs `send`; the audit entries of `action` it added. */
  const logged = async (action: string, send: () => Promise<unknown>) => {
    const before = new Set((await entries(action)).map((e) => e.id));
    await send();
    return (await entries(action)).filter((e) => !before.has(e.id)).map((e) => e.details);
  };
  const sidOf = async (subject: string) => (await ctx.storage.db.selectFrom('sso_sessions').select('sid').where('connection_id', '=', connectionId).where('subject_index', '=', await ssoSubjectIndexOf(ctx, subject)).orderBy('created_at', 'desc').executeTakeFirstOrThrow()).sid!;

  it('ends the Laurel session of the provider session that ended, not the same person’s other one; the same token again is refused', async () => {
    const laptop = new CookieJar();
    const phone = new CookieJar();
    const first = await signIn('kai', laptop);
    const second = await signIn('kai', phone); // another browser: another session at the provider, another sid
    const rows = await ctx.storage.db.selectFrom('sso_sessions').select(['sid']).where('connection_id', '=', connectionId).where('subject_index', '=', await ssoSubjectIndexOf(ctx, 'kai')).execute();
    expect(rows).toHaveLength(2);
    expect(rows[0]!.sid).toBeTruthy();
    expect(rows[0]!.sid).not.toBe(rows[1]!.sid);

    const sent = idp.logoutTokens.length;
    // The person signs out at the provider, in the laptop's browser: oidc-provider posts a logout token.
    const ended = await logged('session.sign-out-sso', () => endSessionAtIdp(idp, `${idp.issuer}/session/end`, laptop));
    expect(idp.backchannelErrors).toEqual([]);
    expect(idp.logoutTokens.length).toBe(sent + 1);
    expect(await alive(first)).toBe(false);
    expect(await alive(second)).toBe(true);
    expect(ended).toEqual([expect.objectContaining({ method: 'oidc', channel: 'back', endedSessions: 1 })]);

    let replay: Awaited<ReturnType<typeof post>> | undefined;
    expect(await logged('session.sign-out-failed', async () => (replay = await post(idp.logoutTokens.at(-1)!)))).toEqual([expect.objectContaining({ reason: 'logout-token-replay' })]);
    expect(replay!.statusCode).toBe(400);
    expect(replay!.headers['content-type']).toContain('application/problem+json');
  });

  it('reaches a session that a Laurel second factor finished after the provider’s sign-in', async () => {
    // Max adds an authenticator app; from then on the provider's sign-in (no MFA claimed) asks for it.
    const first = await signIn('max', new CookieJar());
    const browser = new TestBrowser(ctx.app);
    browser.cookies.set('laurel_session', first.laurel_session);
    await browser.get('/api/v1/session');
    const { recoveryCodes } = await enrolTotp(browser, Date.now);

    const jar = new CookieJar();
    idp.next.sub = 'max';
    const start = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/sso', payload: { slug: 'campus' } });
    const callback = await browseUntil(start.json().redirectUrl, LAUREL_HOST, jar);
    const pending = await ctx.app.inject({ method: 'GET', url: callback.pathname + callback.search, cookies: { laurel_sso: cookieOf(start, 'laurel_sso')! } });
    expect(pending.statusCode, pending.body).toBe(202);
    const done = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/second-factor', cookies: { laurel_mfa: cookieOf(pending, 'laurel_mfa')! }, payload: { method: 'recovery', code: recoveryCodes[0] } });
    expect(done.statusCode, done.body).toBe(200);
    const second = { laurel_session: cookieOf(done, 'laurel_session')! };
    expect(await ctx.storage.db.selectFrom('sso_pending_links').selectAll().execute()).toEqual([]);

    await endSessionAtIdp(idp, `${idp.issuer}/session/end`, jar);
    expect(await alive(second)).toBe(false);
    expect(await alive(first)).toBe(true); // the first browser's provider session goes on
  });

  describe('tokens an attacker makes', () => {
    let victim: { laurel_session: string };
    let sid: string;
    beforeAll(async () => {
      victim = await signIn('lea', new CookieJar());
      sid = await sidOf('lea');
    });

    const claims = (over: Record<string, unknown> = {}): JWTPayload => ({ iss: idp.issuer, aud: CLIENT.client_id, iat: Math.floor(Date.now() / 1000), jti: randomUUID(), events: { [EVENT]: {} }, sub: 'lea', sid, ...over });
    const sign = async (payload: JWTPayload, key = providers.key, alg = 'RS256') =>
      new SignJWT(Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined))).setProtectedHeader({ alg, kid: 'idp-key', typ: 'logout+jwt' }).sign(await importJWK(key, alg));
    const refused = async (token: string, reason: string) => {
      let res: Awaited<ReturnType<typeof post>> | undefined;
      expect(await logged('session.sign-out-failed', async () => (res = await post(token)))).toEqual([expect.objectContaining({ method: 'oidc', reason })]);
      expect(res!.statusCode, res!.body).toBe(400);
      expect(res!.json().type).toMatch(/validation/);
      expect(res!.body).not.toMatch(/at .*\.ts|stack/i);
      expect(await alive(victim)).toBe(true);
    };

    it('refuses a token signed by another key (same kid), with HS256 and the client secret, or not a JWT', async () => {
      await refused(await sign(claims(), await idpSigningKey()), 'logout-token:ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
      const hs = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', typ: 'logout+jwt' }).sign(new TextEncoder().encode(CLIENT.client_secret));
      await refused(hs, 'logout-token:ERR_JOSE_ALG_NOT_ALLOWED');
      await refused('not.a.jwt', 'logout-token-malformed');
      await refused('', 'logout-token-malformed');
    });

    it('refuses a nonce (an ID token passed off as a logout token), another audience or issuer, no event, no sid nor sub', async () => {
      await refused(await sign(claims({ nonce: 'n-0S6_WzA2Mj' })), 'logout-token-nonce');
      await refused(await sign(claims({ aud: 'another-client' })), 'logout-token:ERR_JWT_CLAIM_VALIDATION_FAILED');
      await refused(await sign(claims({ iss: other.issuer })), 'logout-token:ERR_JWT_CLAIM_VALIDATION_FAILED');
      await refused(await sign(claims({ events: undefined })), 'logout-token-events');
      await refused(await sign(claims({ events: { 'http://schemas.openid.net/event/other': {} } })), 'logout-token-events');
      await refused(await sign(claims({ sid: undefined, sub: undefined })), 'logout-token-no-subject');
      await refused(await sign(claims({ jti: undefined })), 'logout-token:ERR_JWT_CLAIM_VALIDATION_FAILED');
    });

    it('refuses an expired token and one issued too long ago', async () => {
      const now = Math.floor(Date.now() / 1000);
      await refused(await sign(claims({ iat: now - 600, exp: now - 120 })), 'logout-token:ERR_JWT_EXPIRED');
      await refused(await sign(claims({ iat: now - 20 * 60 })), 'logout-token:ERR_JWT_EXPIRED');
      await refused(await sign(claims({ iat: now + 20 * 60 })), 'logout-token:ERR_JWT_CLAIM_VALIDATION_FAILED');
    });

    it('fetches the provider’s keys through the SSRF guard: a jwks_uri on a private address is not reached', async () => {
      idp.jwksUri = 'https://10.1.2.3/jwks';
      try {
        await refused(await sign(claims()), 'logout-token:fetch:address-not-allowed');
      } finally {
        idp.jwksUri = undefined;
      }
    });

    it('takes the same claims signed by the provider’s key (the checks above are what refused them), once', async () => {
      const token = await sign(claims());
      expect((await post(token)).statusCode).toBe(200);
      expect(await alive(victim)).toBe(false);
      expect((await post(token)).statusCode).toBe(400);
    });

    it('answers 404 for an unknown connection', async () => {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/sso/oidc/no-such-connection/backchannel-logout', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'logout_token=x' });
      expect(res.statusCode).toBe(404);
    });
  });
});
