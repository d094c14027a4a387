import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser, handClock } from '../support/browser.js';
import { passwordSignIn } from '../support/mfa.js';
import { addMemberByInvitation, apiClient, createTestApp, ENGINES, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';
import { makeIdpKey, redirectSignatureValid } from '../support/saml-idp.js';

/**
 * Rotating a SAML connection's SP signing key: prepare (both certificates in the metadata), switch (requests
 * signed with the new key: the IdP fixture verifies them with the new certificate, not the old), retire (the
 * old certificate leaves the metadata). Admins only, with a recent factor; each step audited.
 */

/** Every signing certificate an SP metadata document publishes, as PEM. */
function signingCertificates(metadata: string): string[] {
  return [...metadata.matchAll(/<(?:\w+:)?KeyDescriptor[^>]*use="signing"[^>]*>([\s\S]*?)<\/(?:\w+:)?KeyDescriptor>/g)].map((m) => {
    const base64 = /<(?:\w+:)?X509Certificate>([^<]+)</.exec(m[1]!)![1]!.replace(/\s+/g, '');
    return `-----BEGIN CERTIFICATE-----\n${base64.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  });
}
const body = (pem: string) => pem.replace(/-----[^-]+-----|\s+/g, '');

describe.each(ENGINES)('SAML SP signing-key rotation (%s)', (engine) => {
  let ctx: TestContext;
  let owner: ApiClient;
  let orgId: string;
  let connectionId: string;
  const time = handClock(Date.now());
  let n = 0;

  beforeAll(async () => {
    ctx = await createTestApp(engine, { clock: time.clock });
    const setup = await setupOrganisation(ctx.app);
    owner = apiClient(ctx.app, setup.apiKey);
    orgId = setup.organisationId;
    const res = await owner.post('/api/v1/organisation/sso-connections', {
      protocol: 'saml',
      name: 'Rotating IdP',
      slug: 'rotating',
      domains: ['rotate.example'],
      saml: { idpEntityId: 'https://idp.rotate.example', ssoUrl: 'https://idp.rotate.example/sso', idpCertificate: makeIdpKey().cert, signAuthnRequests: true },
      defaultRole: 'viewer',
    });
    expect(res.statusCode, res.body).toBe(201);
    connectionId = res.json().id;
  });
  afterAll(() => ctx?.close());

  const metadataCerts = async () => signingCertificates((await ctx.app.inject({ method: 'GET', url: `/api/v1/sso/saml/${connectionId}/metadata` })).body).map(body);
  const authnRequestUrl = async () => (await ctx.app.inject({ method: 'POST', url: '/api/v1/session/sso', payload: { slug: 'rotating' } })).json().redirectUrl as string;
  const step = (s: string, client: { post: ApiClient['post'] } = owner) => client.post(`/api/v1/organisation/sso-connections/${connectionId}/sp-key/${s}`);
  const auditActions = async () => (await ctx.storage.db.selectFrom('audit_log').select('action').where('org_id', '=', orgId).where('action', 'like', 'sso-connection.sp-key-%').execute()).map((r) => r.action);

  it('prepares, switches and retires: metadata and signatures follow each step', async () => {
    const current = (await owner.get('/api/v1/organisation/sso-connections')).json().items[0].serviceProvider.signingCertificate as string;
    expect(await metadataCerts()).toEqual([body(current)]);

    const prepared = await step('prepare');
    expect(prepared.statusCode, prepared.body).toBe(200);
    const next = prepared.json().serviceProvider.nextSigningCertificate as string;
    expect(body(next)).not.toBe(body(current));
    expect(prepared.body).not.toMatch(/PRIVATE KEY/);
    expect(await metadataCerts()).toEqual([body(current), body(next)]); // both during the rollover
    let url = await authnRequestUrl();
    expect(redirectSignatureValid(url, current)).toBe(true); // still signed with the current key
    expect(redirectSignatureValid(url, next)).toBe(false);
    expect((await step('prepare')).statusCode).toBe(409);
    expect((await step('retire')).statusCode).toBe(409); // nothing to retire yet

    const switched = await step('switch');
    expect(switched.statusCode, switched.body).toBe(200);
    expect(switched.json().serviceProvider).toMatchObject({ signingCertificate: next, previousSigningCertificate: current });
    expect(switched.json().serviceProvider.nextSigningCertificate).toBeUndefined();
    url = await authnRequestUrl();
    expect(redirectSignatureValid(url, next)).toBe(true); // the IdP verifies with the new certificate
    expect(redirectSignatureValid(url, current)).toBe(false);
    expect(await metadataCerts()).toEqual([body(next), body(current)]);
    expect((await step('switch')).statusCode).toBe(409);

    const retired = await step('retire');
    expect(retired.statusCode, retired.body).toBe(200);
    expect(retired.json().serviceProvider.previousSigningCertificate).toBeUndefined();
    expect(await metadataCerts()).toEqual([body(next)]);
    expect(redirectSignatureValid(await authnRequestUrl(), next)).toBe(true);
    expect(await auditActions()).toEqual(['sso-connection.sp-key-prepare', 'sso-connection.sp-key-switch', 'sso-connection.sp-key-retire']);

    // The key survives an edit of the connection (the IdP pinned its certificate).
    const edited = await owner.request('PUT', `/api/v1/organisation/sso-connections/${connectionId}`, { protocol: 'saml', name: 'Renamed IdP', slug: 'rotating', domains: ['rotate.example'], saml: { idpEntityId: 'https://idp.rotate.example', ssoUrl: 'https://idp.rotate.example/sso', idpCertificate: makeIdpKey().cert, signAuthnRequests: true }, defaultRole: 'viewer' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().serviceProvider.signingCertificate).toBe(next);
  });

  it('refuses members who are not admins, and an admin whose last factor is too old', async () => {
    const member = async (role: string) => {
      const email = `rot-${++n}@acme.example`;
      await addMemberByInvitation(ctx, owner, email, role);
      const browser = new TestBrowser(ctx.app);
      expect((await passwordSignIn(browser, email)).statusCode).toBe(200);
      return browser;
    };
    const issuer = await member('issuer');
    const refused = await step('prepare', issuer);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().type).toBe('https://laurel.dev/problems/forbidden');
    const admin = await member('admin');
    time.advance(10 * 60 + 1);
    const stale = await step('prepare', admin);
    expect(stale.statusCode).toBe(403);
    expect(stale.json().type).toBe('https://laurel.dev/problems/step-up-required');
    expect((await metadataCerts()).length).toBe(1);
    // Another organisation's connection: tenant-isolation.test.ts walks these routes with foreign ids.
  });
});
