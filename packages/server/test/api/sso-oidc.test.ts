import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, BASE_URL, ENGINES, registerAccount, setupOrganisation, type TestContext } from '../support/test-app.js';
import { ssoSubjectIndexOf } from '../support/sealed.js';
import { browseUntil } from '../support/sso-browser.js';
import { appReachingIdps, cookieOf, CookieJar, endSessionAtIdp, useIdpPair, type Idp } from '../support/oidc-idp.js';

/**
 * Single sign-on against a real OpenID Provider (`oidc-provider`, panva) over real HTTP on loopback ports.
 * Laurel reaches it through its SSRF-guarded fetch: the providers' `127.0.0.1:<port>` are allow-listed the way
 * LAUREL_FETCH_ALLOW_HOSTS allow-lists them (nothing else private or plain-http is reachable).
 */

const CLIENT = { client_id: 'laurel', client_secret: 'a client secret long enough for HS256 and more' };
const CALLBACK = `${BASE_URL}/api/v1/session/sso/oidc/callback`;
const LAUREL_HOST = new URL(BASE_URL).host;

// `other`: another issuer, even with the same signing key and the same people.
const providers = useIdpPair(CLIENT, [CALLBACK]);
let idp: Idp;
let other: Idp;
beforeAll(() => void ({ idp, other } = providers));

describe.each(ENGINES)('single sign-on with OpenID Connect (%s)', (engine) => {
  let ctx: TestContext;
  let apiKey: string;
  let orgId: string;
  let connectionId: string;

  beforeAll(async () => {
    ctx = await appReachingIdps(engine, [idp, other]);
    ({ apiKey, organisationId: orgId } = await setupOrganisation(ctx.app));
    const res = await apiClient(ctx.app, apiKey).post('/api/v1/organisation/sso-connections', {
      protocol: 'oidc',
      name: 'University IdP',
      slug: 'uni',
      domains: ['uni.example'],
      oidc: { issuer: idp.issuer, clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret },
      roleClaim: 'groups',
      roleMapping: [{ value: 'badge-admins', role: 'admin' }, { value: 'badge-issuers', role: 'issuer' }],
      defaultRole: null,
    });
    expect(res.statusCode, res.body).toBe(201);
    connectionId = res.json().id;
    expect(res.json()).not.toHaveProperty('sealedClientSecret');
    expect(res.json().hasClientSecret).toBe(true);
  });
  afterAll(() => ctx?.close());

  /** Starts at Laurel, signs in at the provider as `sub`, optionally tampering with the authorization request; the callback answer. */
  async function signIn(sub: string, options: { tamper?: (authorizationUrl: URL) => void; stateCookie?: (own: string) => string | undefined; alterCallback?: (callback: URL) => void; start?: { email?: string; slug?: string } } = {}) {
    idp.next.sub = sub;
    other.next.sub = sub;
    const start = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/sso', payload: options.start ?? { email: `${sub}@uni.example` } });
    expect(start.statusCode, start.body).toBe(200);
    const state = cookieOf(start, 'laurel_sso')!;
    const authorizationUrl = new URL(start.json().redirectUrl);
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl.searchParams.get('state')).toBe(state);
    options.tamper?.(authorizationUrl);
    const callback = await browseUntil(authorizationUrl.href, LAUREL_HOST);
    options.alterCallback?.(callback);
    const cookie = options.stateCookie ? options.stateCookie(state) : state;
    return ctx.app.inject({ method: 'GET', url: callback.pathname + callback.search, cookies: cookie ? { laurel_sso: cookie } : {} });
  }

  async function auditActions(): Promise<{ action: string; details: Record<string, unknown>; actorId: string | null }[]> {
    const rows = await ctx.storage.db.selectFrom('audit_log').select(['action', 'details', 'actor_id']).where('org_id', '=', orgId).execute();
    return rows.map((r) => ({ action: r.action, actorId: r.actor_id, details: typeof r.details === 'string' ? JSON.parse(r.details) : (r.details as Record<string, unknown>) }));
  }
  const lastFailure = async () => (await auditActions()).filter((a) => a.action === 'session.sign-in-failed').at(-1)?.details;

  it('makes a member just in time with the role the groups map to, and a second sign-in reuses the membership', async () => {
    idp.accounts.set('ada', { email: 'ada@uni.example', email_verified: true, name: 'Ada Lovelace', groups: ['staff', 'badge-admins'] });
    const first = await signIn('ada');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ signedIn: true, organisationId: orgId });
    const session = cookieOf(first, 'laurel_session');
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/session', cookies: { laurel_session: session! } });
    expect(me.statusCode).toBe(200);
    expect(me.body).toContain('ada@uni.example');
    const user = await ctx.deps.store.users.findByEmail('ada@uni.example');
    expect(user?.passwordHash).toBeNull();
    expect((await ctx.deps.store.memberships.find(orgId, user!.id))?.role).toBe('admin');

    const second = await signIn('ada', { start: { slug: 'uni' } });
    expect(second.statusCode, second.body).toBe(200);
    expect(cookieOf(second, 'laurel_session')).not.toBe(session);
    expect((await ctx.deps.store.memberships.listForUser(user!.id)).length).toBe(1);
    expect(await ctx.storage.db.selectFrom('sso_identities').select('user_id').where('connection_id', '=', connectionId).execute()).toEqual([{ user_id: user!.id }]);

    const actions = await auditActions();
    expect(actions.filter((a) => a.action === 'member.join-sso')).toHaveLength(1);
    const signIns = actions.filter((a) => a.action === 'session.sign-in' && a.actorId === user!.id);
    expect(signIns).toHaveLength(2);
    expect(signIns[0]!.details).toMatchObject({ method: 'oidc', outcome: 'success', connectionId });
  });

  it('refuses a callback whose state is not the one this browser started (forged or swapped)', async () => {
    idp.accounts.set('bob', { email: 'bob@uni.example', email_verified: true, name: 'Bob', groups: ['badge-issuers'] });
    const forged = await signIn('bob', { tamper: (u) => u.searchParams.set('state', 'an-attackers-state') });
    expect(forged.statusCode).toBe(401);
    expect(cookieOf(forged, 'laurel_session')).toBeFalsy();
    expect(await lastFailure()).toMatchObject({ method: 'oidc', reason: expect.stringMatching(/^oidc:/) });
    const noCookie = await signIn('bob', { stateCookie: () => undefined });
    expect(noCookie.statusCode).toBe(401);
    expect(await ctx.deps.store.users.findByEmail('bob@uni.example')).toBeUndefined();
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    const res = await signIn('bob', { tamper: (u) => u.searchParams.set('nonce', 'replayed-nonce') });
    expect(res.statusCode).toBe(401);
    expect(await lastFailure()).toMatchObject({ reason: 'oidc:OAUTH_JWT_CLAIM_COMPARISON_FAILED' });
    expect(await ctx.deps.store.users.findByEmail('bob@uni.example')).toBeUndefined();
  });

  it('refuses an ID token from another issuer (a token endpoint that is not the configured issuer’s)', async () => {
    idp.accounts.set('bob', { email: 'bob@uni.example', email_verified: true, name: 'Bob', groups: ['badge-issuers'] });
    idp.tokenEndpointOf = other.issuer;
    try {
      const res = await signIn('bob', {
        tamper: (u) => {
          // The attacker sends the browser to the other provider with Laurel's parameters.
          const moved = new URL(u.pathname + u.search, other.issuer);
          u.href = moved.href;
        },
      });
      expect(res.statusCode).toBe(401);
      expect(cookieOf(res, 'laurel_session')).toBeFalsy();
      // Refused by RFC 9207: the `iss` the other provider put in the callback is not the configured issuer.
      expect(await lastFailure()).toMatchObject({ reason: 'oidc:OAUTH_INVALID_RESPONSE' });

      // The attacker strips `iss` from the callback: the code goes to the other issuer's token endpoint, and
      // its ID token (signed with the very same key) is refused for its `iss` claim.
      const stripped = await signIn('bob', { tamper: (u) => (u.href = new URL(u.pathname + u.search, other.issuer).href), alterCallback: (c) => c.searchParams.delete('iss') });
      expect(stripped.statusCode).toBe(401);
      expect(cookieOf(stripped, 'laurel_session')).toBeFalsy();
      expect(await lastFailure()).toMatchObject({ reason: 'oidc:OAUTH_JWT_CLAIM_COMPARISON_FAILED' });
      expect(await ctx.deps.store.users.findByEmail('bob@uni.example')).toBeUndefined();
    } finally {
      idp.tokenEndpointOf = undefined;
    }
  });

  it('refuses to take over an existing account with an unverified address, and an account of someone who is not a member', async () => {
    // An earner's own account (they registered with a password).
    await registerAccount(ctx, 'carol@uni.example');
    const victim = await ctx.deps.store.users.findByEmail('carol@uni.example');
    idp.accounts.set('mallory', { email: 'carol@uni.example', email_verified: false, name: 'Mallory', groups: ['badge-admins'] });
    const unverified = await signIn('mallory');
    expect(unverified.statusCode).toBe(401);
    expect(cookieOf(unverified, 'laurel_session')).toBeFalsy();
    expect(await lastFailure()).toMatchObject({ reason: 'email-not-verified' });

    // Verified, but Carol is not a member of this organisation: her account is not handed to its IdP either.
    idp.accounts.set('mallory', { email: 'carol@uni.example', email_verified: true, name: 'Mallory', groups: ['badge-admins'] });
    const notMember = await signIn('mallory');
    expect(notMember.statusCode).toBe(401);
    expect(await lastFailure()).toMatchObject({ reason: 'account-not-member' });
    expect(await ctx.deps.store.memberships.listForUser(victim!.id)).toEqual([]);
    expect(await ctx.storage.db.selectFrom('sso_identities').select('subject').where('subject_index', '=', await ssoSubjectIndexOf(ctx, 'mallory')).execute()).toEqual([]);
  });

  it('refuses an address outside the connection’s domains and a person no rule gives a role', async () => {
    idp.accounts.set('eve', { email: 'eve@elsewhere.example', email_verified: true, name: 'Eve', groups: ['badge-admins'] });
    expect((await signIn('eve', { start: { slug: 'uni' } })).statusCode).toBe(401);
    expect(await lastFailure()).toMatchObject({ reason: 'domain-not-allowed' });
    idp.accounts.set('dan', { email: 'dan@uni.example', email_verified: true, name: 'Dan', groups: ['students'] });
    expect((await signIn('dan')).statusCode).toBe(401);
    expect(await lastFailure()).toMatchObject({ reason: 'no-role' });
  });

  it('answers 404 for an address no organisation signs in for, and keeps the client secret sealed', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/sso', payload: { email: 'x@nowhere.example' } });
    expect(res.statusCode).toBe(404);
    const row = await ctx.storage.db.selectFrom('sso_connections').select('client_secret').where('id', '=', connectionId).executeTakeFirstOrThrow();
    expect(row.client_secret).not.toContain(CLIENT.client_secret);
  });

  it('signs out of the provider too (RP-initiated logout): the Laurel session ends, the provider asks, ends its own session and comes back', async () => {
    idp.accounts.set('lin', { email: 'lin@uni.example', email_verified: true, name: 'Lin', groups: ['badge-issuers'] });
    const jar = new CookieJar(); // the browser's cookies at the provider
    const signInWith = async () => {
      idp.next.sub = 'lin';
      const start = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/sso', payload: { email: 'lin@uni.example' } });
      const callback = await browseUntil(start.json().redirectUrl, LAUREL_HOST, jar);
      const res = await ctx.app.inject({ method: 'GET', url: callback.pathname + callback.search, cookies: { laurel_sso: cookieOf(start, 'laurel_sso')! } });
      expect(res.statusCode, res.body).toBe(200);
      return { laurel_session: cookieOf(res, 'laurel_session')! };
    };
    const asked = idp.interactions;
    await signInWith();
    expect(idp.interactions).toBe(asked + 1);
    const session = await signInWith(); // the provider's session lasts: it does not ask again
    expect(idp.interactions).toBe(asked + 1);

    const csrf = (await ctx.app.inject({ method: 'GET', url: '/api/v1/session', cookies: session })).json().csrfToken as string;
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/session/sso/logout', cookies: session })).statusCode).toBe(403); // no CSRF token
    const out = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/sso/logout', cookies: session, headers: { 'x-csrf-token': csrf } });
    expect(out.statusCode, out.body).toBe(200);
    const endSession = new URL(out.json().redirectUrl);
    expect(endSession.origin).toBe(idp.issuer);
    expect(endSession.searchParams.get('client_id')).toBe(CLIENT.client_id);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${BASE_URL}/sign-in`);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/session', cookies: session })).statusCode).toBe(401);

    // At the provider (oidc-provider): its confirmation form, confirmed; it ends its session and sends the browser back.
    expect(await endSessionAtIdp(idp, endSession, jar)).toBe(`${BASE_URL}/sign-in`);
    await signInWith(); // the provider's session is over: it asks again
    expect(idp.interactions).toBe(asked + 2);
  });

  it('signing out of an account with no OpenID Connect identity here names no provider', async () => {
    const { cookies } = await registerAccount(ctx, 'password-only@elsewhere.example');
    const session = { laurel_session: cookies.find((c) => c.name === 'laurel_session')!.value };
    const csrf = (await ctx.app.inject({ method: 'GET', url: '/api/v1/session', cookies: session })).json().csrfToken as string;
    const out = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/sso/logout', cookies: session, headers: { 'x-csrf-token': csrf } });
    expect(out.json()).toEqual({ redirectUrl: null });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/session', cookies: session })).statusCode).toBe(401);
  });
});
