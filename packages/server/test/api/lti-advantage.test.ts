import { generateKeyPair, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRunner } from '../../src/adapters/jobs/job-runner.js';
import { guardedLtiHttp } from '../../src/adapters/lti/guarded-lti-http.js';
import { jobHandlers } from '../../src/compose.js';
import { LTI_SYNC_SWEEP_JOB } from '../../src/domain/lti/sync-scores.js';
import { BASE_URL, createTestApp, ENGINES, type ApiClient, type TestContext, organisationWithAchievement } from '../support/test-app.js';
import { ROLE, SimulatedPlatform, type LtiUser } from '../support/lti-platform.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const PROBLEM = 'https://laurel.dev/problems/lti-launch-invalid';

const teacher: LtiUser = { sub: 'u-teacher', email: 'teacher@school.example', name: 'Tess Teacher', roles: [ROLE.instructor] };
const alice: LtiUser = { sub: 'u-alice', email: 'alice@school.example', name: 'Alice Able', roles: [ROLE.learner] };
const bob: LtiUser = { sub: 'u-bob', email: 'bob@school.example', name: 'Bob Below', roles: [ROLE.learner] };

/**
 * LTI 1.3 Advantage against a simulated platform (test/support/lti-platform.ts: real HTTP on loopback,
 * RS256 id_tokens and JWKS from `jose`, its own token, AGS results and NRPS endpoints). The platform
 * registers Laurel, an instructor places a badge by deep linking, learners launch, scores are posted, and
 * only the learner over the threshold gets the credential — once, whatever the launches and syncs.
 */
describe.each(ENGINES)('LTI 1.3 Advantage (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let platform: SimulatedPlatform;
  let platformId: string;
  let achievementId: string;
  let lineItemId: string;

  const drain = async () => {
    const runner = createJobRunner({ queue: ctx.deps.store.jobs, handlers: jobHandlers(ctx.deps), clock: ctx.deps.clock, batchSize: 50 });
    while ((await runner.runOnce()) > 0);
  };
  /** The placed achievement's credentials for an address, read as an organisation member would (addresses are sealed at rest). */
  const credentialsOf = async (email: string): Promise<{ id: string }[]> => {
    const res = await api.get(`/api/v1/credentials?recipient=${encodeURIComponent(email)}&achievementId=${achievementId}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };

  /** The browser's walk: login initiation at Laurel, redirect to the platform, which form_posts an id_token back. */
  async function login(user: LtiUser) {
    const res = await ctx.app.inject({
      method: 'POST', url: `/lti/platforms/${platformId}/login`, headers: FORM,
      payload: form({ iss: platform.issuer, login_hint: user.sub, target_link_uri: `${BASE_URL}/lti/launch`, client_id: platform.clientId, lti_deployment_id: platform.deploymentId }),
    });
    expect(res.statusCode, res.body).toBe(302);
    const redirect = new URL(res.headers.location as string);
    expect(redirect.origin + redirect.pathname).toBe(`${platform.base}/auth`);
    expect(redirect.searchParams.get('redirect_uri')).toBe(`${BASE_URL}/lti/launch`);
    expect(String(res.headers['set-cookie'])).toMatch(/laurel_lti_state=.*HttpOnly.*Secure.*SameSite=None/i);
    return { state: redirect.searchParams.get('state')!, nonce: redirect.searchParams.get('nonce')! };
  }
  const post = (state: string, idToken: string, cookie: string | undefined = state) =>
    ctx.app.inject({ method: 'POST', url: '/lti/launch', headers: { ...FORM, ...(cookie ? { cookie: `laurel_lti_state=${cookie}` } : {}) }, payload: form({ state, id_token: idToken }) });
  async function launch(user: LtiUser, message: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest' = 'LtiResourceLinkRequest') {
    const { state, nonce } = await login(user);
    const idToken = await platform.idToken(user, nonce, message, { lineItemId });
    return { state, idToken, res: await post(state, idToken) };
  }
  const refused = (res: { statusCode: number; headers: Record<string, unknown>; json(): { type: string } }) => {
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().type).toBe(PROBLEM);
  };

  beforeAll(async () => {
    platform = new SimulatedPlatform();
    await platform.start();
    platform.roster.push(teacher, bob, alice); // Alice on the roster's second page
    ctx = await createTestApp(engine);
    ctx.deps.lti = { http: guardedLtiHttp({ allowHosts: [new URL(platform.base).host], timeoutMs: 3000 }) };
    ({ api, achievementId } = await organisationWithAchievement(ctx.app));
  });
  afterAll(async () => {
    await ctx?.close();
    await platform?.stop();
  });

  it('registers the platform and gives the tool configuration to paste into it', async () => {
    const registered = await api.post('/api/v1/lti/platforms', {
      name: 'Simulated Moodle', issuer: platform.issuer, clientId: platform.clientId, deploymentIds: [platform.deploymentId],
      authLoginUrl: `${platform.base}/auth`, jwksUrl: `${platform.base}/jwks`, tokenUrl: `${platform.base}/token`,
    });
    expect(registered.statusCode, registered.body).toBe(201);
    platformId = registered.json().id;
    const tool = registered.json().tool;
    expect(tool).toMatchObject({ loginInitiationUrl: `${BASE_URL}/lti/platforms/${platformId}/login`, redirectUrls: [`${BASE_URL}/lti/launch`], jwksUrl: `${BASE_URL}/lti/platforms/${platformId}/jwks` });
    expect(tool.publicJwk).toMatchObject({ kty: 'RSA', alg: 'RS256' });
    expect(tool.publicJwk).not.toHaveProperty('d');
    expect(JSON.stringify((await api.get('/api/v1/lti/platforms')).json())).not.toMatch(/"d":|"p":|"q":/);
    // The private key is sealed at rest: its JWK members are not in the row.
    const row = await ctx.storage.db.selectFrom('lti_platforms').select(['tool_private_jwk_sealed']).where('id', '=', platformId).executeTakeFirstOrThrow();
    expect(row.tool_private_jwk_sealed).not.toMatch(/"kty"|"d"/);
    // The platform takes the tool's keyset from the URL it was given.
    platform.toolJwks = (await ctx.app.inject({ method: 'GET', url: new URL(tool.jwksUrl).pathname })).json<JSONWebKeySet>();
    // The same registration twice is refused; a URL that is not http(s) too.
    const again = { name: 'Again', issuer: platform.issuer, clientId: platform.clientId, deploymentIds: ['d'], authLoginUrl: `${platform.base}/auth`, jwksUrl: `${platform.base}/jwks`, tokenUrl: `${platform.base}/token` };
    expect((await api.post('/api/v1/lti/platforms', again)).statusCode).toBe(409);
    expect((await api.post('/api/v1/lti/platforms', { ...again, clientId: 'other', jwksUrl: 'file:///etc/passwd' })).statusCode).toBe(400);
  });

  it('places a badge by deep linking: the instructor picks it, the platform gets a signed LtiDeepLinkingResponse', async () => {
    const { state, res } = await launch(teacher, 'LtiDeepLinkingRequest');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain(achievementId);
    expect(res.headers['content-security-policy']).not.toContain('frame-ancestors');
    const choice = await ctx.app.inject({ method: 'POST', url: '/lti/deep-link', headers: { ...FORM, cookie: `laurel_lti_state=${state}` }, payload: form({ state, achievementId, threshold: '80' }) });
    expect(choice.statusCode, choice.body).toBe(200);
    expect(choice.body).toContain(`action="${platform.base}/deep-link-return"`);
    const jwt = /name="JWT" value="([^"]+)"/.exec(choice.body)![1]!;
    const accepted = await platform.acceptDeepLinkResponse(jwt);
    lineItemId = accepted.lineItemId;
    expect(accepted.payload['https://purl.imsglobal.org/spec/lti-dl/claim/data']).toBe('opaque-platform-data');
    expect(accepted.payload['https://purl.imsglobal.org/spec/lti/claim/deployment_id']).toBe(platform.deploymentId);
    // The choice is made once.
    refused(await ctx.app.inject({ method: 'POST', url: '/lti/deep-link', headers: { ...FORM, cookie: `laurel_lti_state=${state}` }, payload: form({ state, achievementId, threshold: '10' }) }));
    // A learner cannot place badges.
    expect((await launch(alice, 'LtiDeepLinkingRequest')).res.statusCode).toBe(403);
  });

  it('awards only the learner whose score reaches the threshold, once, however many launches and syncs', async () => {
    const before = await launch(alice);
    expect(before.res.statusCode, before.res.body).toBe(200);
    expect(before.res.body).toContain('Reach the required score');
    expect(await credentialsOf(alice.email)).toHaveLength(0);

    platform.postScore(lineItemId, bob.sub, 79);
    platform.postScore(lineItemId, alice.sub, 85); // on the results' second page
    const bobLaunch = await launch(bob);
    expect(bobLaunch.res.body).toContain('Reach the required score');
    const aliceLaunch = await launch(alice);
    expect(aliceLaunch.res.body).toContain('You have earned this badge');
    const [credential] = await credentialsOf(alice.email);
    expect(aliceLaunch.res.body).toContain(`/credentials/${credential!.id}`);

    for (let i = 0; i < 2; i++) {
      await ctx.deps.store.jobs.enqueue({ name: LTI_SYNC_SWEEP_JOB, payload: {}, maxAttempts: 1 });
      await drain();
      await launch(alice);
    }
    expect(platform.calls.results).toBeGreaterThanOrEqual(5);
    expect(await credentialsOf(alice.email)).toHaveLength(1);
    expect(await credentialsOf(bob.email)).toHaveLength(0);
    expect(await credentialsOf(teacher.email)).toHaveLength(0);
    // The award's record names the placement's rule and the LTI event.
    const award = await ctx.storage.db.selectFrom('rule_awards').select(['event_id']).where('credential_id', '=', credential!.id).executeTakeFirstOrThrow();
    expect(award.event_id).toMatch(new RegExp(`^lti:.+:${alice.sub}$`));
  });

  it('refuses tampered, replayed, wrong-audience and unbound id_tokens with problem documents', async () => {
    // Replayed: the same form post again, and the same id_token on a fresh login (its nonce is not the new one).
    const first = await launch(alice);
    expect(first.res.statusCode).toBe(200);
    refused(await post(first.state, first.idToken));
    const again = await login(alice);
    refused(await post(again.state, first.idToken));

    // Tampered: the payload changed (another subject), the signature kept.
    const t = await login(alice);
    const [h, p, s] = (await platform.idToken(alice, t.nonce, 'LtiResourceLinkRequest', { lineItemId })).split('.');
    const payload = { ...JSON.parse(Buffer.from(p!, 'base64url').toString()), sub: bob.sub, email: bob.email };
    refused(await post(t.state, `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`));
    // The same login is still usable once with an honest token: the refusal consumed nothing.
    expect((await post(t.state, await platform.idToken(alice, t.nonce, 'LtiResourceLinkRequest', { lineItemId }))).statusCode).toBe(200);

    const bad = async (options: Parameters<SimulatedPlatform['idToken']>[3], cookie?: string) => {
      const l = await login(alice);
      return post(l.state, await platform.idToken(alice, l.nonce, 'LtiResourceLinkRequest', { lineItemId, ...options }), cookie ?? l.state);
    };
    refused(await bad({ claims: { aud: 'another-tool' } }));
    refused(await bad({ claims: { aud: [platform.clientId, 'another-tool'] } })); // no azp for this tool
    refused(await bad({ key: (await generateKeyPair('RS256')).privateKey })); // the attacker's key, the platform's kid
    refused(await bad({ claims: { iss: 'https://evil.example' } }));
    refused(await bad({ claims: { 'https://purl.imsglobal.org/spec/lti/claim/deployment_id': 'unregistered' } }));
    refused(await bad({ claims: { 'https://purl.imsglobal.org/spec/lti/claim/version': '1.1' } }));
    refused(await bad({ claims: { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 4000 } }));
    refused(await bad({}, 'another-browsers-state'));
    const noCookie = await login(alice);
    refused(await post(noCookie.state, await platform.idToken(alice, noCookie.nonce, 'LtiResourceLinkRequest'), ''));
    // A login for an unregistered issuer goes nowhere.
    refused(await ctx.app.inject({ method: 'POST', url: `/lti/platforms/${platformId}/login`, headers: FORM, payload: form({ iss: 'https://evil.example', login_hint: 'x' }) }));
    expect(await credentialsOf(bob.email)).toHaveLength(0);
  });

  it('registers by LTI Dynamic Registration through a single-use link', async () => {
    const link = await api.post('/api/v1/lti/registration-links');
    expect(link.statusCode, link.body).toBe(201);
    const path = new URL(link.json().url).pathname;
    const query = `openid_configuration=${encodeURIComponent(`${platform.base}/.well-known/openid-configuration`)}&registration_token=${platform.registrationToken}`;
    const res = await ctx.app.inject({ method: 'GET', url: `${path}?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('org.imsglobal.lti.close');
    const registered = (await api.get('/api/v1/lti/platforms')).json().items.find((p: { clientId: string }) => p.clientId === 'dynamic-client');
    expect(registered).toMatchObject({ issuer: platform.issuer, deploymentIds: ['dynamic-deployment'], tokenUrl: `${platform.base}/token` });
    expect(platform.registered).toMatchObject({ initiate_login_uri: registered.tool.loginInitiationUrl, jwks_uri: registered.tool.jwksUrl, redirect_uris: [`${BASE_URL}/lti/launch`] });
    // Used once; a configuration served by another origin than its issuer is refused.
    refused(await ctx.app.inject({ method: 'GET', url: `${path}?${query}` }));
    const other = new URL((await api.post('/api/v1/lti/registration-links')).json().url).pathname;
    refused(await ctx.app.inject({ method: 'GET', url: `${other}?openid_configuration=${encodeURIComponent(`${platform.base}/.well-known/openid-configuration?issuer=https://evil.example`)}` }));
    expect((await api.get('/api/v1/lti/platforms')).json().items.map((p: { issuer: string }) => p.issuer)).not.toContain('https://evil.example');
  });

  it('reads a platform\'s keys only through the SSRF guard: a registration pointing inside the network is refused, not fetched', async () => {
    const inside = await api.post('/api/v1/lti/platforms', {
      name: 'Intranet', issuer: 'https://intranet.example', clientId: 'x', deploymentIds: [platform.deploymentId],
      authLoginUrl: 'https://intranet.example/auth', jwksUrl: 'https://127.0.0.1:1/jwks', tokenUrl: 'https://intranet.example/token',
    });
    expect(inside.statusCode).toBe(201);
    const started = await ctx.app.inject({ method: 'POST', url: `/lti/platforms/${inside.json().id}/login`, headers: FORM, payload: form({ iss: 'https://intranet.example', login_hint: alice.sub }) });
    const state = new URL(started.headers.location as string).searchParams.get('state')!;
    const nonce = new URL(started.headers.location as string).searchParams.get('nonce')!;
    const res = await post(state, await platform.idToken(alice, nonce, 'LtiResourceLinkRequest', { claims: { iss: 'https://intranet.example', aud: 'x' } }));
    expect(res.statusCode).toBe(502);
    expect(res.json()).toMatchObject({ type: 'https://laurel.dev/problems/lti-platform-unreachable' });
    expect(res.json().detail).toContain('not allowed (private address)');
  });
});
