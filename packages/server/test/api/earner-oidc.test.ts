import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteMyAccount } from '../../src/domain/privacy/delete-my-account.js';
import { exportMyData } from '../../src/domain/privacy/export-my-data.js';
import { addMemberByInvitation, apiClient, BASE_URL, ENGINES, registerAccount, setupOrganisation, type TestContext } from '../support/test-app.js';
import { browseUntil } from '../support/sso-browser.js';
import { appReachingIdps, cookieOf, useIdpPair, type Idp } from '../support/oidc-idp.js';

/**
 * Earners signing in with a public OpenID Provider ("Continue with Google"), against a real OpenID Provider
 * (`oidc-provider`) over real HTTP on loopback, reached through the SSRF-guarded fetch (its host allow-listed
 * the way LAUREL_FETCH_ALLOW_HOSTS does). The provider decides what it asserts: the attacker's side.
 */

const CLIENT = { client_id: 'laurel-earners', client_secret: 'an earner client secret long enough for HS256' };
const CALLBACK = `${BASE_URL}/api/v1/session/earner-oidc/callback`;
const LAUREL_HOST = new URL(BASE_URL).host;
const STATE_COOKIE = 'laurel_earner_oidc';

// `other`: another issuer with the same key and people.
const providers = useIdpPair(CLIENT, [CALLBACK]);
let idp: Idp;
let other: Idp;
beforeAll(() => void ({ idp, other } = providers));

describe.each(ENGINES)('earners signing in with an OpenID Provider (%s)', (engine) => {
  let ctx: TestContext;
  let orgId: string;
  let apiKey: string;

  beforeAll(async () => {
    ctx = await appReachingIdps(engine, [idp, other]);
    ctx.deps.earnerProviders = [{ id: 'acme-id', label: 'Acme ID', issuer: idp.issuer, clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret }];
    ({ apiKey, organisationId: orgId } = await setupOrganisation(ctx.app));
  });
  afterAll(() => ctx?.close());

  async function signIn(sub: string, options: { tamper?: (authorizationUrl: URL) => void; stateCookie?: (own: string) => string | undefined; alterCallback?: (callback: URL) => void } = {}) {
    idp.next.sub = sub;
    other.next.sub = sub;
    const start = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/providers/acme-id' });
    expect(start.statusCode, start.body).toBe(200);
    const state = cookieOf(start, STATE_COOKIE)!;
    const authorizationUrl = new URL(start.json().redirectUrl);
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl.searchParams.get('state')).toBe(state);
    expect(authorizationUrl.searchParams.get('nonce')).toBeTruthy();
    options.tamper?.(authorizationUrl);
    const callback = await browseUntil(authorizationUrl.href, LAUREL_HOST);
    expect(callback.pathname).toBe('/api/v1/session/earner-oidc/callback');
    options.alterCallback?.(callback);
    const cookie = options.stateCookie ? options.stateCookie(state) : state;
    return ctx.app.inject({ method: 'GET', url: callback.pathname + callback.search, cookies: cookie ? { [STATE_COOKIE]: cookie } : {} });
  }
  const me = (res: { cookies: { name: string; value: string }[] }) => ctx.app.inject({ method: 'GET', url: '/api/v1/session', cookies: { laurel_session: cookieOf(res, 'laurel_session')! } });
  const links = (subject: string) => ctx.storage.db.selectFrom('earner_oidc_links').select(['user_id', 'provider']).where('subject', '=', subject).execute();

  it('lists the configured providers, and answers a problem document for one that is not configured', async () => {
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/session/providers' });
    expect(list.json()).toEqual({ items: [{ id: 'acme-id', label: 'Acme ID' }] });
    expect(list.body).not.toContain(CLIENT.client_secret);
    const unknown = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/providers/google' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.json().type).toMatch(/not-found/);
  });

  it('creates an earner account with the verified address the first time, and the second sign-in reuses it', async () => {
    idp.accounts.set('g-ada', { email: 'ada@mail.example', email_verified: true, name: 'Ada Lovelace', groups: [] });
    const first = await signIn('g-ada');
    expect(first.statusCode, first.body).toBe(200);
    expect((await me(first)).body).toContain('ada@mail.example');
    const user = await ctx.deps.store.users.findByEmail('ada@mail.example');
    expect(user?.passwordHash).toBeNull();
    expect((await ctx.deps.store.addresses.listForUser(user!.id)).map((a) => [a.value, a.verifiedAt !== null])).toEqual([['ada@mail.example', true]]);
    expect(await ctx.deps.store.memberships.listForUser(user!.id)).toEqual([]);

    // The provider now asserts another address: the link (provider, subject) decides, not the address.
    idp.accounts.set('g-ada', { email: 'ada.new@mail.example', email_verified: true, name: 'Ada Lovelace', groups: [] });
    const second = await signIn('g-ada');
    expect(second.statusCode, second.body).toBe(200);
    expect((await me(second)).body).toContain('ada@mail.example');
    expect(await links('g-ada')).toEqual([{ user_id: user!.id, provider: 'acme-id' }]);
    expect(await ctx.deps.store.users.findByEmail('ada.new@mail.example')).toBeUndefined();

    // Ada sees the link in her settings and removes it.
    const session = { laurel_session: cookieOf(second, 'laurel_session')! };
    const csrf = (await ctx.app.inject({ method: 'GET', url: '/api/v1/session', cookies: session })).json().csrfToken as string;
    const listed = await ctx.app.inject({ method: 'GET', url: '/api/v1/me/linked-providers', cookies: session });
    expect(listed.json().items).toEqual([expect.objectContaining({ provider: 'acme-id', label: 'Acme ID', email: 'ada@mail.example' })]);
    const id = listed.json().items[0].id as string;
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/me/linked-providers/${id}`, cookies: session })).statusCode).toBe(403); // no CSRF token
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/me/linked-providers/${id}`, cookies: session, headers: { 'x-csrf-token': csrf } })).statusCode).toBe(204);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/me/linked-providers/${id}`, cookies: session, headers: { 'x-csrf-token': csrf } })).statusCode).toBe(404);
    expect(await links('g-ada')).toEqual([]);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me/linked-providers' })).statusCode).toBe(401);
  });

  it('signs in to an existing account only when the provider says the address that account verified is verified', async () => {
    // A staff member (invited, joined through the mailed link: her address is verified).
    const { userId } = await addMemberByInvitation(ctx, apiClient(ctx.app, apiKey), 'carol@acme.example', 'issuer');

    // The provider does not vouch for the address: no take-over, no link, no new account.
    idp.accounts.set('g-mallory', { email: 'carol@acme.example', email_verified: false, name: 'Mallory', groups: [] });
    const refused = await signIn('g-mallory');
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(cookieOf(refused, 'laurel_session')).toBeFalsy();
    expect(await links('g-mallory')).toEqual([]);
    const log = async () => (await ctx.storage.db.selectFrom('audit_log').select(['action', 'details', 'actor_id']).where('org_id', '=', orgId).execute())
      .map((r) => ({ action: r.action, actorId: r.actor_id, details: typeof r.details === 'string' ? JSON.parse(r.details) : r.details }));
    expect((await log()).filter((a) => a.action === 'session.sign-in-failed').at(-1)).toMatchObject({ actorId: userId, details: { method: 'oidc', provider: 'acme-id', reason: 'email-not-verified' } });

    // "true" as a string is not a verified address either.
    idp.accounts.set('g-mallory', { email: 'carol@acme.example', email_verified: 'true' as unknown as boolean, name: 'Mallory', groups: [] });
    expect((await signIn('g-mallory')).statusCode).toBe(401);

    // Verified by the provider: it is Carol's own provider account, linked to her account.
    idp.accounts.set('g-carol', { email: 'carol@acme.example', email_verified: true, name: 'Carol', groups: [] });
    const linked = await signIn('g-carol');
    expect(linked.statusCode, linked.body).toBe(200);
    expect(await links('g-carol')).toEqual([{ user_id: userId, provider: 'acme-id' }]);
    expect((await log()).filter((a) => a.action === 'session.sign-in').at(-1)).toMatchObject({ actorId: userId, details: { method: 'oidc', provider: 'acme-id', outcome: 'success' } });
  });

  it('does not enter an account whose sign-in address was never proven (pre-hijacking)', async () => {
    // Someone created an account for dora@… without her mailbox (as accounts could be, before addresses were proven).
    const at = new Date().toISOString();
    await ctx.deps.store.users.insert({ id: 'pre-hijacked', email: 'dora@mail.example', name: 'Not Dora', passwordHash: 'x', locale: null, createdAt: at, updatedAt: at });
    idp.accounts.set('g-dora', { email: 'dora@mail.example', email_verified: true, name: 'Dora', groups: [] });
    const res = await signIn('g-dora');
    expect(res.statusCode).toBe(401);
    expect(await links('g-dora')).toEqual([]);
  });

  it('refuses a callback whose state, nonce or issuer is not the one this browser started with', async () => {
    idp.accounts.set('g-bob', { email: 'bob@mail.example', email_verified: true, name: 'Bob', groups: [] });
    const forgedState = await signIn('g-bob', { tamper: (u) => u.searchParams.set('state', 'an-attackers-state') });
    expect(forgedState.statusCode).toBe(401);
    const noCookie = await signIn('g-bob', { stateCookie: () => undefined });
    expect(noCookie.statusCode).toBe(401);
    const otherCookie = await signIn('g-bob', { stateCookie: () => 'someone-elses-state' });
    expect(otherCookie.statusCode).toBe(401);
    const nonce = await signIn('g-bob', { tamper: (u) => u.searchParams.set('nonce', 'replayed-nonce') });
    expect(nonce.statusCode).toBe(401);
    // Another provider's answer (RFC 9207 `iss` in the callback), and with `iss` stripped: its code is unknown to the configured issuer.
    const moved = (u: URL) => (u.href = new URL(u.pathname + u.search, other.issuer).href);
    expect((await signIn('g-bob', { tamper: moved })).statusCode).toBe(401);
    expect((await signIn('g-bob', { tamper: moved, alterCallback: (c) => c.searchParams.delete('iss') })).statusCode).toBe(401);
    for (const res of [forgedState, noCookie, otherCookie, nonce]) expect(cookieOf(res, 'laurel_session')).toBeFalsy();
    expect(await ctx.deps.store.users.findByEmail('bob@mail.example')).toBeUndefined();
  });

  it('answers a browser with a redirect, and the state is single use', async () => {
    idp.next.sub = 'g-eve';
    idp.accounts.set('g-eve', { email: 'eve@mail.example', email_verified: true, name: 'Eve', groups: [] });
    const start = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/providers/acme-id' });
    const state = cookieOf(start, STATE_COOKIE)!;
    const callback = await browseUntil(start.json().redirectUrl, LAUREL_HOST);
    const url = callback.pathname + callback.search;
    const ok = await ctx.app.inject({ method: 'GET', url, cookies: { [STATE_COOKIE]: state }, headers: { accept: 'text/html' } });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`${BASE_URL}/`);
    expect(cookieOf(ok, 'laurel_session')).toBeTruthy();
    const replay = await ctx.app.inject({ method: 'GET', url, cookies: { [STATE_COOKIE]: state }, headers: { accept: 'text/html' } });
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe('/sign-in?provider=failed');
    expect(cookieOf(replay, 'laurel_session')).toBeFalsy();
  });

  it('two first sign-ins of the same subject at once both succeed, with one account and one link', async () => {
    idp.accounts.set('g-twin', { email: 'twin@mail.example', email_verified: true, name: 'Twin', groups: [] });
    const callbacks = [];
    for (let i = 0; i < 2; i++) {
      idp.next.sub = 'g-twin';
      const start = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/providers/acme-id' });
      const callback = await browseUntil(start.json().redirectUrl, LAUREL_HOST);
      callbacks.push({ url: callback.pathname + callback.search, state: cookieOf(start, STATE_COOKIE)! });
    }
    idp.holdTokens = 2; // both code exchanges are answered together: the two callbacks reach the database at once
    const answers = await Promise.all(callbacks.map((c) => ctx.app.inject({ method: 'GET', url: c.url, cookies: { [STATE_COOKIE]: c.state } }))).finally(() => (idp.holdTokens = undefined));
    expect(answers.map((a) => a.statusCode), answers.map((a) => a.body).join()).toEqual([200, 200]);
    const user = await ctx.deps.store.users.findByEmail('twin@mail.example');
    expect(await links('g-twin')).toEqual([{ user_id: user!.id, provider: 'acme-id' }]);
    for (const a of answers) expect((await me(a)).body).toContain('twin@mail.example');
  });

  it('puts the links in the data export, and they go with the account', async () => {
    idp.accounts.set('g-fay', { email: 'fay@mail.example', email_verified: true, name: 'Fay', groups: [] });
    expect((await signIn('g-fay')).statusCode).toBe(200);
    const user = (await ctx.deps.store.users.findByEmail('fay@mail.example'))!;
    const now = new Date().toISOString();
    let account: { linkedProviders: unknown[] } | undefined;
    for await (const f of await exportMyData(ctx.deps, { userId: user.id, factorAt: now })) if (f.name === 'account.json') account = JSON.parse(new TextDecoder().decode(f.bytes));
    expect(account?.linkedProviders).toEqual([expect.objectContaining({ provider: 'acme-id', subject: 'g-fay', email: 'fay@mail.example' })]);
    await deleteMyAccount(ctx.deps, { userId: user.id, factorAt: now });
    expect(await links('g-fay')).toEqual([]);
  });
});
