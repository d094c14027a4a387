import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, BASE_URL, createTestApp, ENGINES, setupOrganisation, type TestContext } from '../support/test-app.js';
import { ssoSubjectIndexOf } from '../support/sealed.js';
import { assertionXml, b64, logoutRequestXml, makeIdpKey, signRoot, readAuthnRequest, redirectSignatureValid, responseXml, signAssertion, signingCertificateOf, type AssertionOptions, type SamlIdpKey } from '../support/saml-idp.js';

/**
 * SAML 2.0 single sign-on: the IdP is a fixture signing with xml-crypto (not Laurel's node-saml), keys made
 * in the test. Every refusal is a 401 with no session, and the reason lands in the organisation's audit log.
 */

const ENTITY_ID = 'https://idp.saml.example/metadata';
let idpKey: SamlIdpKey;
let otherKey: SamlIdpKey;

beforeAll(() => {
  idpKey = makeIdpKey();
  otherKey = makeIdpKey();
});

describe.each(ENGINES)('single sign-on with SAML 2.0 (%s)', (engine) => {
  let ctx: TestContext;
  let orgId: string;
  let connectionId: string;
  let acs: string;
  let audience: string;
  let apiKey: string;

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    ({ apiKey, organisationId: orgId } = await setupOrganisation(ctx.app));
    const res = await apiClient(ctx.app, apiKey).post('/api/v1/organisation/sso-connections', {
      protocol: 'saml',
      name: 'Faculty IdP',
      slug: 'faculty',
      domains: ['saml.example'],
      saml: { idpEntityId: ENTITY_ID, ssoUrl: 'https://idp.saml.example/sso', idpCertificate: idpKey.cert },
      roleMapping: [{ value: 'badge-admins', role: 'admin' }],
      defaultRole: 'viewer',
    });
    expect(res.statusCode, res.body).toBe(201);
    connectionId = res.json().id;
    acs = res.json().serviceProvider.acsUrl;
    audience = res.json().serviceProvider.entityId;
    expect(acs).toBe(`${BASE_URL}/api/v1/session/sso/saml/${connectionId}/acs`);
  });
  afterAll(() => ctx?.close());

  /** Starts a sign-in at Laurel; what the IdP received. */
  async function start() {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/sso', payload: { slug: 'faculty' } });
    expect(res.statusCode, res.body).toBe(200);
    const request = readAuthnRequest(res.json().redirectUrl);
    expect(request.acs).toBe(acs);
    return request;
  }
  const post = (samlResponse: string, relayState: string) =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/session/sso/saml/${connectionId}/acs`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ SAMLResponse: samlResponse, RelayState: relayState }).toString() });

  /** A full response to a fresh request, built by `make` from the request's parameters. */
  async function answer(make: (o: AssertionOptions) => string, overrides: Partial<AssertionOptions> = {}) {
    const request = await start();
    const o: AssertionOptions = { entityId: ENTITY_ID, inResponseTo: request.id, acs, audience, email: 'grace@saml.example', groups: ['badge-admins'], ...overrides };
    return { res: await post(b64(make(o)), request.relayState), request, o };
  }
  const signed = (o: AssertionOptions) => responseXml(o, '').replace('</samlp:Response>', '') + signAssertion(assertionXml(o), idpKey) + '</samlp:Response>';
  const lastFailure = async () => {
    const rows = await ctx.storage.db.selectFrom('audit_log').select(['details']).where('org_id', '=', orgId).where('action', '=', 'session.sign-in-failed').execute();
    const d = rows.at(-1)?.details;
    return typeof d === 'string' ? JSON.parse(d) : d;
  };
  const refused = async (res: { statusCode: number; cookies: { name: string }[] }, reason: string | RegExp) => {
    expect(res.statusCode).toBe(401);
    expect(res.cookies.find((c) => c.name === 'laurel_session')).toBeUndefined();
    expect(await lastFailure()).toMatchObject({ method: 'saml', reason });
  };

  it('signs in with a valid signed assertion: JIT membership with the mapped role; the same response again is refused', async () => {
    const { res, request, o } = await answer(signed);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ signedIn: true, organisationId: orgId });
    const user = await ctx.deps.store.users.findByEmail('grace@saml.example');
    expect((await ctx.deps.store.memberships.find(orgId, user!.id))?.role).toBe('admin');
    // Replayed as is: the RelayState's sign-in is used up.
    expect((await post(b64(signed({ ...o })), request.relayState)).statusCode).toBe(401);
  });

  it('refuses a replayed assertion id, even in an answer to a new request', async () => {
    const first = await answer(signed, { assertionId: '_replayed-assertion' });
    expect(first.res.statusCode, first.res.body).toBe(200);
    const again = await answer(signed, { assertionId: '_replayed-assertion' });
    await refused(again.res, 'saml-replay');
  });

  it('refuses an unsigned assertion', async () => {
    const { res } = await answer((o) => responseXml(o, assertionXml(o)));
    await refused(res, 'saml-invalid');
  });

  it('refuses an assertion signed by another key', async () => {
    const { res } = await answer((o) => responseXml(o, '').replace('</samlp:Response>', '') + signAssertion(assertionXml(o), otherKey) + '</samlp:Response>');
    await refused(res, 'saml-invalid');
  });

  it('refuses an assertion changed after signing', async () => {
    const { res } = await answer((o) => signed(o).replace('grace@saml.example', 'root@saml.example'));
    await refused(res, 'saml-invalid');
  });

  it('refuses signature wrapping (XSW): an evil assertion around the signed one, or beside it', async () => {
    // The signed original hidden inside an unsigned assertion about someone else.
    const wrapped = await answer((o) => {
      const original = signAssertion(assertionXml(o), idpKey);
      const evil = assertionXml({ ...o, email: 'root@saml.example', assertionId: '_evil' }).replace('</saml:Issuer>', `</saml:Issuer><saml:Advice>${original}</saml:Advice>`);
      return responseXml(o, evil);
    });
    await refused(wrapped.res, 'saml-invalid');
    // The evil one first, the signed one after it.
    const beside = await answer((o) => responseXml(o, assertionXml({ ...o, email: 'root@saml.example', assertionId: '_evil2' }) + signAssertion(assertionXml(o), idpKey)));
    await refused(beside.res, 'saml-invalid');
    expect(await ctx.deps.store.users.findByEmail('root@saml.example')).toBeUndefined();
  });

  it('refuses a wrong audience, an expired assertion, another recipient and an answer to a request never sent', async () => {
    await refused((await answer(signed, { audience: 'https://another-sp.example' })).res, 'saml-invalid');
    await refused((await answer(signed, { validForSeconds: -60, issuedSecondsAgo: 600 })).res, 'saml-invalid');
    await refused((await answer(signed, { acs: 'https://evil.example/acs' })).res, /saml-(recipient|destination|invalid)/);
    const unsolicited = await answer(signed, { inResponseTo: '_never-sent' });
    await refused(unsolicited.res, 'saml-invalid');
  });

  it('two first sign-ins of the same new person at once both succeed, with one account, one link and one membership', async () => {
    const [r1, r2] = [await start(), await start()];
    const make = (request: { id: string }) => signed({ entityId: ENTITY_ID, inResponseTo: request.id, acs, audience, email: 'twins@saml.example', groups: ['badge-admins'] });
    const [a, b] = await Promise.all([post(b64(make(r1)), r1.relayState), post(b64(make(r2)), r2.relayState)]);
    expect([a.statusCode, b.statusCode], a.body + b.body).toEqual([200, 200]);
    const user = await ctx.deps.store.users.findByEmail('twins@saml.example');
    const identities = await ctx.storage.db.selectFrom('sso_identities').select('user_id').where('subject_index', '=', await ssoSubjectIndexOf(ctx, 'twins@saml.example')).execute();
    expect(identities).toEqual([{ user_id: user!.id }]);
    expect((await ctx.deps.store.memberships.find(orgId, user!.id))?.role).toBe('admin');
    const joins = await ctx.storage.db.selectFrom('audit_log').select('id').where('org_id', '=', orgId).where('action', '=', 'member.join-sso').where('target_id', '=', user!.id).execute();
    expect(joins).toHaveLength(1);
  });

  it('signs AuthnRequests when the connection says so: the IdP verifies them with the certificate from the SP metadata; a tampered request fails', async () => {
    const api = apiClient(ctx.app, apiKey);
    const unsigned = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/sso', payload: { slug: 'faculty' } });
    expect(new URL(unsigned.json().redirectUrl).searchParams.has('Signature')).toBe(false);

    const created = await api.post('/api/v1/organisation/sso-connections', {
      protocol: 'saml',
      name: 'Signed IdP',
      slug: 'signed-faculty',
      domains: ['signed.saml.example'],
      saml: { idpEntityId: ENTITY_ID, ssoUrl: 'https://idp.saml.example/sso', idpCertificate: idpKey.cert, signAuthnRequests: true },
      defaultRole: 'viewer',
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const published = created.json().serviceProvider.signingCertificate as string;
    expect(published).toContain('BEGIN CERTIFICATE');
    // The private key is sealed at rest; the answer never holds it.
    expect(created.body).not.toMatch(/PRIVATE KEY|sealedSpSigningKey|spSigningKey/);
    const row = await ctx.storage.db.selectFrom('sso_connections').select(['sp_signing_key', 'sp_certificate']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.sp_signing_key).toBeTruthy();
    expect(row.sp_signing_key).not.toContain('PRIVATE KEY');
    expect(Buffer.from(String(row.sp_signing_key), 'base64').toString('latin1')).not.toContain('PRIVATE KEY');

    const metadata = await ctx.app.inject({ method: 'GET', url: `/api/v1/sso/saml/${id}/metadata` });
    expect(metadata.body).toContain('AuthnRequestsSigned="true"');
    const certificate = signingCertificateOf(metadata.body)!;
    expect(certificate.replace(/\s+/g, '')).toBe(published.replace(/\s+/g, ''));

    const start = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/sso', payload: { slug: 'signed-faculty' } });
    const url = start.json().redirectUrl as string;
    expect(redirectSignatureValid(url, certificate)).toBe(true);
    // Another key's certificate, another RelayState, another request, or no signature: refused.
    expect(redirectSignatureValid(url, idpKey.cert)).toBe(false);
    const tampered = new URL(url);
    tampered.searchParams.set('RelayState', 'an-attackers-relay-state');
    expect(redirectSignatureValid(tampered.href, certificate)).toBe(false);
    const otherRequest = new URL(url);
    otherRequest.searchParams.set('SAMLRequest', new URL(unsigned.json().redirectUrl).searchParams.get('SAMLRequest')!);
    expect(redirectSignatureValid(otherRequest.href, certificate)).toBe(false);
    const stripped = new URL(url);
    stripped.searchParams.delete('Signature');
    expect(redirectSignatureValid(stripped.href, certificate)).toBe(false);

    // An edit keeps the key: the certificate the IdP pinned stays valid.
    const edited = await api.request('PUT', `/api/v1/organisation/sso-connections/${id}`, { protocol: 'saml', name: 'Signed IdP (renamed)', slug: 'signed-faculty', domains: ['signed.saml.example'], saml: { idpEntityId: ENTITY_ID, ssoUrl: 'https://idp.saml.example/sso', idpCertificate: idpKey.cert, signAuthnRequests: true }, defaultRole: 'viewer' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().serviceProvider.signingCertificate).toBe(published);
    const again = await ctx.app.inject({ method: 'POST', url: '/api/v1/session/sso', payload: { slug: 'signed-faculty' } });
    expect(redirectSignatureValid(again.json().redirectUrl, certificate)).toBe(true);
  });

  it('single logout: a LogoutRequest signed by the IdP ends the person\'s sessions; unsigned, forged, altered, misdirected, stale or replayed ones are refused', async () => {
    const { res } = await answer(signed, { email: 'leaving@saml.example' });
    expect(res.statusCode, res.body).toBe(200);
    const session = { laurel_session: res.cookies.find((c) => c.name === 'laurel_session')!.value };
    const signedIn = async () => (await ctx.app.inject({ method: 'GET', url: '/api/v1/session', cookies: session })).statusCode === 200;
    expect(await signedIn()).toBe(true);
    const slo = `${BASE_URL}/api/v1/session/sso/saml/${connectionId}/slo`;
    const logout = (xml: string) => ctx.app.inject({ method: 'POST', url: `/api/v1/session/sso/saml/${connectionId}/slo`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ SAMLRequest: b64(xml) }).toString() });
    const request = (o: Partial<Parameters<typeof logoutRequestXml>[0]> = {}) => logoutRequestXml({ entityId: ENTITY_ID, destination: slo, nameId: 'leaving@saml.example', ...o });

    for (const forged of [
      request(), // unsigned
      signRoot(request(), otherKey), // another key
      signRoot(request(), idpKey).replace('leaving@saml.example', 'grace@saml.example'), // altered after signing
      signRoot(request({ destination: 'https://another-sp.example/slo' }), idpKey), // meant for someone else
      signRoot(request({ issuedSecondsAgo: 3600 }), idpKey), // stale
      signRoot(request({ entityId: 'https://evil-idp.example' }), idpKey), // another issuer
    ]) {
      const refusedLogout = await logout(forged);
      expect(refusedLogout.statusCode, refusedLogout.body).toBe(401);
      expect(refusedLogout.headers['content-type']).toContain('application/problem+json');
    }
    expect(await signedIn()).toBe(true);

    const genuine = signRoot(request({ id: '_logout-once' }), idpKey);
    const ok = await logout(genuine);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await signedIn()).toBe(false);
    const rows = await ctx.storage.db.selectFrom('audit_log').select(['action', 'details']).where('org_id', '=', orgId).where('action', 'in', ['session.sign-out-sso', 'session.sign-out-failed']).execute();
    expect(rows.filter((r) => r.action === 'session.sign-out-failed')).toHaveLength(6);
    expect(rows.filter((r) => r.action === 'session.sign-out-sso')).toHaveLength(1);

    // Replayed after the person signed in again: refused, the new session stays.
    const again = await answer(signed, { email: 'leaving@saml.example' });
    const newSession = { laurel_session: again.res.cookies.find((c) => c.name === 'laurel_session')!.value };
    expect((await logout(genuine)).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/session', cookies: newSession })).statusCode).toBe(200);
  });

  it('publishes SP metadata naming the ACS', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/sso/saml/${connectionId}/metadata` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`Location="${acs}"`);
    expect(res.body).toContain(`entityID="${audience}"`);
    expect(res.body).toContain(`Location="${BASE_URL}/api/v1/session/sso/saml/${connectionId}/slo"`);
  });
});
