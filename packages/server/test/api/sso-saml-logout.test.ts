import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestApp, ENGINES, registerAccount, setupOrganisation, type TestContext } from '../support/test-app.js';
import {
  assertionXml,
  b64,
  logoutResponseXml,
  makeIdpKey,
  readAuthnRequest,
  readLogoutRequest,
  redirectLogoutResponse,
  redirectSignatureValid,
  responseXml,
  signAssertion,
  signingCertificateOf,
  type AssertionOptions,
  type LogoutResponseOptions,
  type SamlIdpKey,
} from '../support/saml-idp.js';

/**
 * SAML Single Logout started at Laurel: signing out sends the IdP a LogoutRequest signed with the connection's
 * SP key (HTTP-Redirect), and only the IdP's signed LogoutResponse to that request, in that browser, is taken.
 * The IdP is the fixture (xml-crypto for assertions, Node's crypto for redirect signatures, keys by openssl).
 */

const ENTITY_ID = 'https://idp.slo.example/metadata';
const IDP_SLO = 'https://idp.slo.example/slo';
let idpKey: SamlIdpKey;
let otherKey: SamlIdpKey;

beforeAll(() => {
  idpKey = makeIdpKey();
  otherKey = makeIdpKey();
});

describe.each(ENGINES)('SAML Single Logout started at Laurel (%s)', (engine) => {
  let ctx: TestContext;
  let orgId: string;
  let connectionId: string;
  let acs: string;
  let audience: string;
  let sloUrl: string;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    let apiKey: string;
    ({ apiKey, organisationId: orgId } = await setupOrganisation(ctx.app));
    const res = await apiClient(ctx.app, apiKey).post('/api/v1/organisation/sso-connections', {
      protocol: 'saml',
      name: 'Library IdP',
      slug: 'library',
      domains: ['slo.example'],
      saml: { idpEntityId: ENTITY_ID, ssoUrl: 'https://idp.slo.example/sso', idpCertificate: idpKey.cert, signAuthnRequests: true, sloUrl: IDP_SLO },
      defaultRole: 'viewer',
    });
    expect(res.statusCode, res.body).toBe(201);
    connectionId = res.json().id;
    expect(res.json().saml.sloUrl).toBe(IDP_SLO);
    ({ acsUrl: acs, entityId: audience, sloUrl } = res.json().serviceProvider);
  });
  afterAll(() => ctx?.close());

  /** Signs `email` in through the fixture IdP; Laurel's session cookie and the SessionIndex the IdP gave. */
  async function signIn(email: string) {
    const start = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/sso', payload: { slug: 'library' } });
    const request = readAuthnRequest(start.json().redirectUrl);
    const o: AssertionOptions = { entityId: ENTITY_ID, inResponseTo: request.id, acs, audience, email };
    const assertion = assertionXml(o);
    const signed = responseXml(o, '').replace('</samlp:Response>', '') + signAssertion(assertion, idpKey) + '</samlp:Response>';
    const res = await ctx.app.inject({ method: 'POST', url: acs.replace(/^https:\/\/[^/]+/, ''), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ SAMLResponse: b64(signed), RelayState: request.relayState }).toString() });
    expect(res.statusCode, res.body).toBe(200);
    return { session: { laurel_session: res.cookies.find((c) => c.name === 'laurel_session')!.value }, sessionIndex: /SessionIndex="([^"]+)"/.exec(assertion)![1]! };
  }

  /** Signs in, then out of Laurel: the LogoutRequest the IdP receives and the browser's logout cookie. */
  async function signInAndOut(email = 'nora@slo.example') {
    const { session, sessionIndex } = await signIn(email);
    const csrf = (await ctx.app.inject({ method: 'GET', url: '/api/v1/session', cookies: session })).json().csrfToken as string;
    const out = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/sso/logout', cookies: session, headers: { 'x-csrf-token': csrf } });
    expect(out.statusCode, out.body).toBe(200);
    const cookie = out.cookies.find((c) => c.name === 'laurel_slo')!;
    expect(cookie.httpOnly).toBe(true);
    return { session, sessionIndex, redirectUrl: out.json().redirectUrl as string, request: readLogoutRequest(out.json().redirectUrl), slo: cookie.value };
  }
  const respond = (query: string, slo: string | undefined) => ctx.app.inject({ method: 'GET', url: `${new URL(sloUrl).pathname}?${query}`, cookies: slo ? { laurel_slo: slo } : {} });
  const answer = (request: { id: string; relayState: string }, over: Partial<LogoutResponseOptions> = {}, key: SamlIdpKey | null = idpKey) =>
    redirectLogoutResponse(logoutResponseXml({ entityId: ENTITY_ID, destination: sloUrl, inResponseTo: request.id, ...over }), request.relayState, key);
  const entries = async (action: string) => {
    const rows = await ctx.storage.db.selectFrom('audit_log').select(['id', 'details']).where('org_id', '=', orgId).where('action', '=', action).orderBy('created_at').execute();
    return rows.map((r) => ({ id: r.id, details: typeof r.details === 'string' ? JSON.parse(r.details) : r.details }));
  };
  const audit = async (action: string) => (await entries(action)).map((e) => e.details);
  /** The answer is refused, and exactly one new failure is logged, with this reason. */
  const refused = async (send: () => Promise<{ statusCode: number; body: string }>, reason: string) => {
    const before = new Set((await entries('session.sign-out-failed')).map((e) => e.id));
    const res = await send();
    expect(res.statusCode, res.body).toBe(401);
    const added = (await entries('session.sign-out-failed')).filter((e) => !before.has(e.id));
    expect(added.map((e) => e.details)).toEqual([expect.objectContaining({ method: 'saml', reason })]);
  };

  it('sends the IdP a LogoutRequest signed with the SP key, naming the person and the session; takes the IdP’s signed answer once', async () => {
    const { session, sessionIndex, redirectUrl, request, slo } = await signInAndOut();
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/session', cookies: session })).statusCode).toBe(401); // over at once
    expect(redirectUrl.startsWith(`${IDP_SLO}?`)).toBe(true);
    const metadata = (await ctx.app.inject({ method: 'GET', url: `/api/v1/sso/saml/${connectionId}/metadata` })).body;
    expect(metadata).toContain(`Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${sloUrl}"`);
    expect(redirectSignatureValid(redirectUrl, signingCertificateOf(metadata)!)).toBe(true);
    expect(redirectSignatureValid(redirectUrl, idpKey.cert)).toBe(false);
    expect(request).toMatchObject({ destination: IDP_SLO, issuer: audience, nameId: 'nora@slo.example', sessionIndex, relayState: slo });

    const ok = await respond(answer(request), slo);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ loggedOut: true });
    expect(await audit('session.sign-out-sso-confirmed')).toContainEqual(expect.objectContaining({ requestId: request.id }));
    // The same answer again, even with the cookie: the request it answers is used up.
    await refused(() => respond(answer(request), slo), 'saml-logout-no-request');
    // A browser is sent on to the sign-in page.
    const next = await signInAndOut();
    const html = await ctx.app.inject({ method: 'GET', url: `${new URL(sloUrl).pathname}?${answer(next.request)}`, cookies: { laurel_slo: next.slo }, headers: { accept: 'text/html' } });
    expect(html.statusCode).toBe(303);
    expect(html.headers.location).toBe('/sign-in?signed-out=1');
  });

  it('refuses an unsigned answer, one signed by another key, and one altered after signing', async () => {
    const a = await signInAndOut();
    await refused(() => respond(answer(a.request, {}, null), a.slo), 'saml-logout-unsigned');
    const b = await signInAndOut();
    await refused(() => respond(answer(b.request, {}, otherKey), b.slo), 'saml-logout-signature');
    const c = await signInAndOut();
    const genuine = answer(c.request, { status: 'urn:oasis:names:tc:SAML:2.0:status:Requester' });
    const swapped = answer(c.request, {}, null).split('&')[0]!;
    await refused(() => respond(genuine.replace(/^SAMLResponse=[^&]+/, swapped), c.slo), 'saml-logout-signature');
  });

  it('refuses an answer to another request, a replayed answer id, another destination or issuer, a stale one, a failure status', async () => {
    const first = await signInAndOut();
    const second = await signInAndOut();
    // A genuine answer to the first request, played in the browser of the second: its RelayState is not that browser's.
    await refused(() => respond(answer(first.request), second.slo), 'saml-logout-no-request');
    // The IdP's signed answer with the second's RelayState, but in response to another request.
    const third0 = await signInAndOut();
    await refused(() => respond(answer({ id: first.request.id, relayState: third0.request.relayState }), third0.slo), 'saml-logout-in-response-to');
    const third = await signInAndOut();
    expect((await respond(answer(third.request, { id: '_once' }), third.slo)).statusCode).toBe(200);
    const fourth = await signInAndOut();
    await refused(() => respond(answer(fourth.request, { id: '_once' }), fourth.slo), 'saml-logout-replay');
    const fifth = await signInAndOut();
    await refused(() => respond(answer(fifth.request, { destination: 'https://elsewhere.example/slo' }), fifth.slo), 'saml-destination');
    const sixth = await signInAndOut();
    await refused(() => respond(answer(sixth.request, { entityId: 'https://other-idp.example' }), sixth.slo), 'saml-issuer');
    const seventh = await signInAndOut();
    await refused(() => respond(answer(seventh.request, { issuedSecondsAgo: 20 * 60 }), seventh.slo), 'saml-logout-stale');
    const eighth = await signInAndOut();
    await refused(() => respond(answer(eighth.request, { status: 'urn:oasis:names:tc:SAML:2.0:status:Requester' }), eighth.slo), 'saml-logout-status');
  });

  it('refuses an answer in a browser that sent no request, or with another RelayState', async () => {
    const { request, slo } = await signInAndOut();
    await refused(() => respond(answer(request), undefined), 'saml-logout-no-request');
    await refused(() => respond(answer({ ...request, relayState: 'another-state' }), slo), 'saml-logout-no-request');
  });

  it('sends no LogoutRequest for a session opened with a password', async () => {
    const { cookies } = await registerAccount(ctx, 'password-only@elsewhere.example');
    const session = { laurel_session: cookies.find((c) => c.name === 'laurel_session')!.value };
    const csrf = (await ctx.app.inject({ method: 'GET', url: '/api/v1/session', cookies: session })).json().csrfToken as string;
    const out = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/sso/logout', cookies: session, headers: { 'x-csrf-token': csrf } });
    expect(out.json()).toEqual({ redirectUrl: null });
    expect(out.cookies.find((c) => c.name === 'laurel_slo')).toBeUndefined();
  });
});
