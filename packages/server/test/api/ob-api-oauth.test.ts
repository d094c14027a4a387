import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/adapters/http/app.js';
import { createVerifierDeps } from '../../src/adapters/verification/remote-documents.js';
import { makeForeignBadges, tamperJws, type ForeignBadges, RECIPIENT } from '../support/foreign-badges.js';
import { injectFetch, testClock } from '../support/oauth.js';
import { BASE_URL, ENGINES, PASSWORD, apiClient, createTestApp, minimalCredential, registerAccount, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';

const OB = 'https://purl.imsglobal.org/spec/ob/v3p0/scope/';
const READ = `${OB}credential.readonly`;
const UPSERT = `${OB}credential.upsert`;
const PROFILE_READ = `${OB}profile.readonly`;
const PROFILE_UPDATE = `${OB}profile.update`;
const REDIRECT = 'https://host.example/laurel/callback';
const CREDENTIALS = new URL(`${BASE_URL}/ims/ob/v3p0/credentials`);
const PROFILE = new URL(`${BASE_URL}/ims/ob/v3p0/profile`);

/** The earner's browser: a cookie jar and the CSRF token, over HTTP. */
interface Browser {
  cookie: string;
  csrf: string;
}

describe.each(ENGINES)('the Open Badges 3.0 API with OAuth 2.0 authorization code + PKCE, driven by openid-client (%s)', (engine) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let owner: ApiClient;
  let badges: ForeignBadges;
  let ada: Browser;
  let grace: Browser;
  let achievementId: string;
  const clock = testClock();
  const options = () => ({ algorithm: 'oauth2' as const, [client.customFetch]: injectFetch(app) });

  const signIn = async (email: string): Promise<Browser> => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    return { cookie: `laurel_session=${res.cookies.find((c) => c.name === 'laurel_session')!.value}`, csrf: res.json().csrfToken };
  };

  /** A host registers itself with openid-client, from the registration URL the discovery document names. */
  const register = async (scope = `${READ} ${UPSERT} ${PROFILE_READ} ${PROFILE_UPDATE} offline_access`, extra: Record<string, unknown> = {}) => {
    const sdd = (await app.inject({ method: 'GET', url: '/ims/ob/v3p0/discovery' })).json();
    const registrationUrl = sdd.components.securitySchemes.OAuth2ACG['x-imssf-registrationUrl'];
    const config = await client.dynamicClientRegistration(
      new URL(BASE_URL),
      {
        client_name: 'Example Host',
        client_uri: 'https://host.example/',
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        scope,
        ...extra,
      },
      client.ClientSecretBasic(),
      options(),
    );
    expect(config.serverMetadata().registration_endpoint).toBe(registrationUrl);
    return config;
  };

  /** The authorization request, as a browser follows it: Laurel answers with a redirect (consent page, or an error back to the client). */
  const authorize = (config: client.Configuration, params: Record<string, string>): Promise<LightMyRequestResponse> => {
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, response_type: 'code', ...params });
    return app.inject({ method: 'GET', url: url.pathname + url.search });
  };

  /** The earner, signed in, sees the consent page's request and decides; returns where the browser is sent. */
  const decide = async (browser: Browser, location: string, approve = true): Promise<URL> => {
    const id = new URL(location).pathname.split('/').pop()!;
    expect(location).toBe(`${BASE_URL}/connect/${id}`);
    const view = await app.inject({ method: 'GET', url: `/api/v1/me/authorizations/${id}`, headers: { cookie: browser.cookie } });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json().client).toMatchObject({ name: 'Example Host', redirectHost: 'host.example' });
    const res = await app.inject({ method: 'POST', url: `/api/v1/me/authorizations/${id}`, headers: { cookie: browser.cookie, 'x-csrf-token': browser.csrf }, payload: { approve } });
    expect(res.statusCode, res.body).toBe(200);
    return new URL(res.json().redirectTo);
  };

  /** The whole dance: PKCE S256, consent, code exchange. */
  const connect = async (config: client.Configuration, browser: Browser, scope: string) => {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const started = await authorize(config, { scope, state, code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    expect(started.statusCode, started.body).toBe(302);
    const callback = await decide(browser, started.headers.location as string);
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    return { tokens, callback, verifier, state };
  };

  const ob = (token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...headers }, ...(payload === undefined ? {} : { payload: payload as string }) });

  const expectStatusInfo = (res: LightMyRequestResponse, status: number, minor: string) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json()).toMatchObject({ imsx_codeMajor: 'failure', imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: minor }] } });
    expect(res.json().imsx_description).toEqual(expect.any(String));
  };

  beforeAll(async () => {
    badges = await makeForeignBadges();
    ctx = await createTestApp(engine, { clock });
    app = await buildApp(
      { ...ctx.deps, verify: { verifier: createVerifierDeps({ allowHosts: [`127.0.0.1:${badges.host.port}`], timeoutMs: 2000 }, ctx.deps.clock), rateLimit: { max: 1000, timeWindowMs: 60_000 }, maxUploadBytes: 512 * 1024 } },
      { logger: false },
    );
    ({ api: owner, achievementId } = await organisationWithAchievement(app));
    expect((await owner.post('/api/v1/credentials', minimalCredential(achievementId, RECIPIENT))).statusCode).toBe(201);
    await registerAccount(ctx, RECIPIENT);
    await registerAccount(ctx, 'grace@example.org');
    ada = await signIn(RECIPIENT);
    grace = await signIn('grace@example.org');
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
    await badges?.host.close();
  });

  it('publishes the Service Description Document (OB 3.0 §6.3) and RFC 8414 metadata that agree', async () => {
    const res = await app.inject({ method: 'GET', url: '/ims/ob/v3p0/discovery' });
    expect(res.statusCode).toBe(200);
    const sdd = res.json();
    expect(sdd.openapi).toBe('3.0.1');
    expect(sdd.info).toMatchObject({ title: expect.any(String), version: expect.any(String), termsOfService: `${BASE_URL}/`, 'x-imssf-privacyPolicyUrl': `${BASE_URL}/` });
    const acg = sdd.components.securitySchemes.OAuth2ACG;
    expect(acg).toMatchObject({ type: 'oauth2', 'x-imssf-registrationUrl': `${BASE_URL}/oauth/register`, 'x-imssf-privacyPolicyUrl': `${BASE_URL}/`, 'x-imssf-termsOfServiceUrl': `${BASE_URL}/` });
    expect(acg.flows.authorizationCode).toMatchObject({ authorizationUrl: `${BASE_URL}/oauth/authorize`, tokenUrl: `${BASE_URL}/oauth/token`, refreshUrl: `${BASE_URL}/oauth/token` });
    expect(Object.keys(acg.flows.authorizationCode.scopes).sort()).toEqual([READ, UPSERT, PROFILE_READ, PROFILE_UPDATE].sort());
    expect(Object.keys(sdd.paths).sort()).toEqual(['/credentials', '/discovery', '/profile']);
    const meta = (await app.inject({ method: 'GET', url: '/.well-known/oauth-authorization-server' })).json();
    expect(meta).toMatchObject({ issuer: BASE_URL, code_challenge_methods_supported: ['S256'], authorization_endpoint: acg.flows.authorizationCode.authorizationUrl, token_endpoint: acg.flows.authorizationCode.tokenUrl });
  });

  it('a host registers, the earner signs in and consents, and the host reads, upserts, refreshes and reads the profile', async () => {
    const config = await register();
    expect(config.clientMetadata().client_id).toMatch(/^lrc_/);
    const { tokens } = await connect(config, ada, `${READ} ${UPSERT} ${PROFILE_READ} ${PROFILE_UPDATE} offline_access`);
    expect(tokens.refresh_token).toMatch(/^lrt_/);
    expect(tokens.scope?.split(' ').sort()).toEqual([READ, UPSERT, PROFILE_READ, PROFILE_UPDATE, 'offline_access'].sort());

    // getCredentials: the credential Laurel issued to her, as its signed OB 3.0 document.
    const first = await client.fetchProtectedResource(config, tokens.access_token, CREDENTIALS, 'GET');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-total-count')).toBe('1');
    const body = (await first.json()) as { credential: { type: string[]; proof: unknown }[]; compactJwsString: string[] };
    expect(body.credential).toHaveLength(1);
    expect(body.credential[0]!.type).toContain('OpenBadgeCredential');
    expect(body.credential[0]!.proof).toBeDefined();
    expect(first.headers.get('link')).toContain('rel="first"');

    // upsertCredential: another issuer's credential, verified on the way in; again, it replaces.
    const pushed = await client.fetchProtectedResource(config, tokens.access_token, CREDENTIALS, 'POST', JSON.stringify(badges.ob3), new Headers({ 'content-type': 'application/json' }));
    expect(pushed.status).toBe(201);
    expect(await pushed.json()).toEqual(badges.ob3);
    const again = await client.fetchProtectedResource(config, tokens.access_token, CREDENTIALS, 'POST', JSON.stringify(badges.ob3), new Headers({ 'content-type': 'application/json' }));
    expect(again.status).toBe(200);
    const jwt = await client.fetchProtectedResource(config, tokens.access_token, CREDENTIALS, 'POST', badges.vcJwt, new Headers({ 'content-type': 'text/plain' }));
    expect(jwt.status).toBe(201);
    expect(jwt.headers.get('content-type')).toContain('text/plain');
    expect(await jwt.text()).toBe(badges.vcJwt);

    // Pages: limit/offset, X-Total-Count and Link as §6.4 says.
    const page = await client.fetchProtectedResource(config, tokens.access_token, new URL(`${CREDENTIALS.href}?limit=1&offset=1`), 'GET');
    expect(page.headers.get('x-total-count')).toBe('3');
    const link = page.headers.get('link')!;
    for (const [rel, offset] of [['next', 2], ['last', 2], ['first', 0], ['prev', 0]] as const) expect(link).toContain(`<${CREDENTIALS.href}?limit=1&offset=${offset}>; rel="${rel}"`);
    const all = (await (await client.fetchProtectedResource(config, tokens.access_token, CREDENTIALS, 'GET')).json()) as { credential: { id: string }[]; compactJwsString: string[] };
    expect(all.credential.map((c) => c.id)).toContain(badges.ob3.id);
    expect(all.compactJwsString).toEqual([badges.vcJwt]);

    // Refresh: a new pair; the new access token works.
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await client.fetchProtectedResource(config, refreshed.access_token, CREDENTIALS, 'GET')).status).toBe(200);

    // Profile: read, then the whole profile put back with a new name and description.
    const profile = (await (await client.fetchProtectedResource(config, refreshed.access_token, PROFILE, 'GET')).json()) as Record<string, unknown>;
    expect(profile).toMatchObject({ type: 'Profile', email: RECIPIENT });
    const put = await client.fetchProtectedResource(config, refreshed.access_token, PROFILE, 'PUT', JSON.stringify({ ...profile, name: 'Ada Lovelace', description: 'Analyst' }), new Headers({ 'content-type': 'application/json' }));
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ name: 'Ada Lovelace', description: 'Analyst', email: RECIPIENT });

    // The earner sees the app among her connected apps, and can disconnect it.
    const apps = await app.inject({ method: 'GET', url: '/api/v1/me/connected-apps', headers: { cookie: ada.cookie } });
    const connected = apps.json().items.find((a: { clientId: string }) => a.clientId === config.clientMetadata().client_id);
    expect(connected).toMatchObject({ clientName: 'Example Host' });
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/me/connected-apps/${connected.grantId}`, headers: { cookie: ada.cookie, 'x-csrf-token': ada.csrf } })).statusCode).toBe(204);
    expectStatusInfo(await ob(refreshed.access_token, 'GET', '/ims/ob/v3p0/credentials'), 401, 'unauthorizedrequest');
    await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a wrong PKCE verifier, and plain or missing PKCE', async () => {
    const config = await register();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const started = await authorize(config, { scope: READ, state, code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const callback = await decide(ada, started.headers.location as string);
    await expect(client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: client.randomPKCECodeVerifier(), expectedState: state })).rejects.toMatchObject({ error: 'invalid_grant' });

    const refused: Record<string, string>[] = [{ code_challenge: verifier, code_challenge_method: 'plain' }, { code_challenge: await client.calculatePKCECodeChallenge(verifier) }, {}];
    for (const params of refused) {
      const res = await authorize(config, { scope: READ, state: 'xyz', ...params });
      expect(res.statusCode).toBe(302);
      const back = new URL(res.headers.location as string);
      expect(back.origin + back.pathname).toBe(REDIRECT);
      expect(back.searchParams.get('error')).toBe('invalid_request');
      expect(back.searchParams.get('state')).toBe('xyz');
      expect(back.searchParams.get('code')).toBeNull();
    }
  });

  it('a reused authorization code is refused and the tokens issued from it are revoked (RFC 6749 §4.1.2)', async () => {
    const config = await register();
    const { tokens, callback, verifier, state } = await connect(config, ada, READ);
    expect((await ob(tokens.access_token, 'GET', '/ims/ob/v3p0/credentials')).statusCode).toBe(200);
    await expect(client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state })).rejects.toMatchObject({ error: 'invalid_grant' });
    expectStatusInfo(await ob(tokens.access_token, 'GET', '/ims/ob/v3p0/credentials'), 401, 'unauthorizedrequest');
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('a redirect_uri the client did not register is answered at Laurel, never redirected to', async () => {
    const config = await register();
    const url = client.buildAuthorizationUrl(config, { redirect_uri: 'https://attacker.example/steal', response_type: 'code', scope: READ, code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
    const res = await app.inject({ method: 'GET', url: url.pathname + url.search });
    expect(res.statusCode).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.json()).toMatchObject({ error: 'invalid_request' });
    const unknown = await app.inject({ method: 'GET', url: `/oauth/authorize?client_id=lrc_nobody&redirect_uri=${encodeURIComponent(REDIRECT)}&response_type=code` });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.headers.location).toBeUndefined();
    // Registering a redirect URI that is not https (or not loopback http) is refused too.
    const bad = await app.inject({ method: 'POST', url: '/oauth/register', payload: { client_name: 'x', redirect_uris: ['http://attacker.example/cb'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('invalid_redirect_uri');
  });

  it('scope escalation: a read-only token cannot upsert; a client cannot ask beyond its registration; refresh cannot widen', async () => {
    const config = await register();
    const { tokens } = await connect(config, ada, `${READ} offline_access`);
    const upsert = await ob(tokens.access_token, 'POST', '/ims/ob/v3p0/credentials', JSON.stringify(badges.ob3), { 'content-type': 'application/json' });
    expectStatusInfo(upsert, 403, 'forbidden');
    expect(upsert.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expectStatusInfo(await ob(tokens.access_token, 'PUT', '/ims/ob/v3p0/profile', JSON.stringify({ type: 'Profile', name: 'Mallory' }), { 'content-type': 'application/json' }), 403, 'forbidden');
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!, { scope: `${READ} ${UPSERT}` })).rejects.toMatchObject({ error: 'invalid_scope' });

    const narrow = await register(READ);
    const res = await authorize(narrow, { scope: `${READ} ${UPSERT}`, state: 's', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
    expect(new URL(res.headers.location as string).searchParams.get('error')).toBe('invalid_scope');
    const admin = await authorize(narrow, { scope: 'laurel.admin', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
    expect(new URL(admin.headers.location as string).searchParams.get('error')).toBe('invalid_scope');
    await expect(register(`${READ} laurel.admin`)).rejects.toMatchObject({ error: 'invalid_client_metadata' });
    // A host cannot use the client credentials grant to act without an earner.
    await expect(client.clientCredentialsGrant(config)).rejects.toMatchObject({ error: 'unauthorized_client' });
  });

  it('expired and revoked tokens are refused; a refresh token used twice revokes the whole grant', async () => {
    const config = await register();
    const { tokens } = await connect(config, ada, `${READ} offline_access`);
    clock.advance(901);
    const expired = await ob(tokens.access_token, 'GET', '/ims/ob/v3p0/credentials');
    expectStatusInfo(expired, 401, 'unauthorizedrequest');
    expect(expired.headers['www-authenticate']).toContain('error="invalid_token"');

    const second = await client.refreshTokenGrant(config, tokens.refresh_token!);
    // The rotated-out refresh token comes back (stolen): refused, and everything of the grant dies.
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    expectStatusInfo(await ob(second.access_token, 'GET', '/ims/ob/v3p0/credentials'), 401, 'unauthorizedrequest');
    await expect(client.refreshTokenGrant(config, second.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });

    // RFC 7009: revoking the refresh token ends its access tokens too.
    const { tokens: fresh } = await connect(config, ada, `${READ} offline_access`);
    await client.tokenRevocation(config, fresh.refresh_token!);
    expectStatusInfo(await ob(fresh.access_token, 'GET', '/ims/ob/v3p0/credentials'), 401, 'unauthorizedrequest');
  });

  it('an earner can deny; each token reads its own earner only; tokens do not cross APIs', async () => {
    const config = await register();
    const verifier = client.randomPKCECodeVerifier();
    const started = await authorize(config, { scope: READ, state: 'deny-me', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const denied = await decide(ada, started.headers.location as string, false);
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('code')).toBeNull();
    await expect(client.authorizationCodeGrant(config, denied, { pkceCodeVerifier: verifier, expectedState: 'deny-me' })).rejects.toMatchObject({ error: 'access_denied' });

    const { tokens } = await connect(config, grace, READ);
    const graces = await ob(tokens.access_token, 'GET', '/ims/ob/v3p0/credentials');
    expect(graces.json()).toEqual({ credential: [], compactJwsString: [] });
    expect(graces.headers['x-total-count']).toBe('0');
    // An earner's token is not a key to the organisation API, and a machine token is not an earner's.
    expect((await apiClient(app, tokens.access_token).get('/api/v1/credentials')).statusCode).toBe(401);
    const machine = (await owner.post('/api/v1/oauth-clients', { name: 'm', scopes: ['laurel.read'] })).json();
    const machineConfig = await client.discovery(new URL(BASE_URL), machine.clientId, machine.clientSecret, client.ClientSecretBasic(), options());
    const machineToken = (await client.clientCredentialsGrant(machineConfig)).access_token;
    expectStatusInfo(await ob(machineToken, 'GET', '/ims/ob/v3p0/credentials'), 401, 'unauthorizedrequest');
  });

  it('upsert refuses what does not verify, what is not OB 3.0, and somebody else’s credential', async () => {
    const config = await register();
    const { tokens } = await connect(config, grace, `${READ} ${UPSERT}`);
    const post = (payload: string, type = 'application/json') => ob(tokens.access_token, 'POST', '/ims/ob/v3p0/credentials', payload, { 'content-type': type });
    const tampered = { ...badges.ob3, name: 'Knot Tying (forged)' };
    const forged = await post(JSON.stringify(tampered));
    expectStatusInfo(forged, 400, 'invalid_data');
    expect(forged.json().imsx_description).toContain('does not verify');
    expectStatusInfo(await post(tamperJws(badges.vcJwt, (p) => void ((p.vc as Record<string, unknown>).name = 'Forged'))), 400, 'invalid_data');
    expectStatusInfo(await post(JSON.stringify(badges.hosted)), 400, 'invalid_data');
    expectStatusInfo(await post('{"not json'), 400, 'invalid_data');
    // Ada's credential, pushed into Grace's backpack.
    expectStatusInfo(await post(JSON.stringify(badges.ob3)), 403, 'forbidden');
    expect((await ob(tokens.access_token, 'GET', '/ims/ob/v3p0/credentials')).headers['x-total-count']).toBe('0');
  });

  it('survives hostile bodies and queries with a valid token: never a 5xx, always Imsx_StatusInfo', async () => {
    const config = await register();
    const { tokens } = await connect(config, grace, `${READ} ${UPSERT} ${PROFILE_READ} ${PROFILE_UPDATE}`);
    const bodies: [string, string][] = [
      ['application/json', '{"type":'],
      ['application/json', 'null'],
      ['application/json', '"a string"'],
      ['application/json', '[]'],
      ['application/json', '['.repeat(5000) + ']'.repeat(5000)],
      ['application/json', '{"__proto__":{"admin":true},"type":["OpenBadgeCredential"]}'],
      ['application/json', JSON.stringify({ type: ['VerifiableCredential', 'OpenBadgeCredential'], issuer: { id: 'did:web:127.0.0.1%3A1' }, credentialSubject: { id: 'did:example:x' }, proof: { type: 'DataIntegrityProof' } })],
      ['application/ld+json', '{"type":"OpenBadgeCredential","@context":"\u0000"}'],
      ['text/plain', 'not.a.jws'],
      ['text/plain', 'eyJhbGciOiJub25lIn0.eyJ2YyI6e319.'],
      ['text/plain', ''],
      ['application/xml', '<credential/>'],
    ];
    for (const [type, payload] of bodies) {
      for (const [method, url] of [['POST', '/ims/ob/v3p0/credentials'], ['PUT', '/ims/ob/v3p0/profile']] as const) {
        const res = await ob(tokens.access_token, method, url, payload, { 'content-type': type });
        expect(res.statusCode, `${method} ${url} ${type} ${payload.slice(0, 60)}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.json().imsx_codeMajor).toBe('failure');
        expect(res.body).not.toMatch(/node_modules|\n\s+at /);
      }
    }
    for (const query of ['limit=-1', 'offset=-5', 'limit=1e9', 'limit=1&limit=2', 'since=%00', 'offset=1.5', 'since=2026-13-45T99:99:99Z']) {
      const res = await ob(tokens.access_token, 'GET', `/ims/ob/v3p0/credentials?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().imsx_codeMajor).toBe('failure');
    }
    expect((await ob(tokens.access_token, 'GET', '/ims/ob/v3p0/credentials')).headers['x-total-count']).toBe('0');
  });

  it('answers every error of the API as Imsx_StatusInfo', async () => {
    const none = await app.inject({ method: 'GET', url: '/ims/ob/v3p0/credentials' });
    expectStatusInfo(none, 401, 'unauthorizedrequest');
    expect(none.headers['www-authenticate']).toMatch(/^Bearer /);
    expectStatusInfo(await ob('lat_forged', 'GET', '/ims/ob/v3p0/profile'), 401, 'unauthorizedrequest');
    const config = await register();
    const { tokens } = await connect(config, ada, READ);
    expectStatusInfo(await ob(tokens.access_token, 'GET', '/ims/ob/v3p0/credentials?limit=0'), 400, 'invalid_query_parameter');
    expectStatusInfo(await ob(tokens.access_token, 'GET', '/ims/ob/v3p0/credentials?since=yesterday'), 400, 'invalid_query_parameter');
    expectStatusInfo(await ob(tokens.access_token, 'DELETE', '/ims/ob/v3p0/credentials'), 405, 'not_allowed');
    const missing = await ob(tokens.access_token, 'GET', '/ims/ob/v3p0/nothing-here');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().imsx_codeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('not_found');
  });
});
