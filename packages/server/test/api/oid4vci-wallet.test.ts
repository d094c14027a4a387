/**
 * OpenID4VCI 1.0, pre-authorized code flow, with an independent wallet on the other side: the
 * `@openid4vc/openid4vci` client resolves Laurel's offers and metadata, gets a token (with and without
 * the e-mailed tx_code), proves its own key (did:key, or a bare JWK) and receives OB 3.0 credentials in
 * both formats, which Digital Bazaar's `@digitalbazaar/vc` and `jose` then verify, bound to that key and
 * tied to the award's status (revoking the award revokes them).
 */
import type { JsonObject } from '@laurel/core';
import { Openid4vciVersion } from '@openid4vc/openid4vci';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRunner } from '../../src/adapters/jobs/job-runner.js';
import { digitalBazaarVerifier, publicDocuments } from '../support/public-documents.js';
import { startSmtpServer, smtpMailer } from '../support/smtp.js';
import { BASE_URL, ENGINES, createTestApp, minimalAchievement, minimalIssuer, registerAccount, type ApiClient, type TestContext, asSignedIn, organisationWithAchievement } from '../support/test-app.js';
import { didKeyWallet, fetchThroughInject, jwkWallet, receiveOffer, walletClient } from '../support/wallet.js';
import { testJobRunner } from '../support/jobs.js';

describe.each(ENGINES)('OpenID4VCI: an independent wallet receives Laurel credentials (%s)', (engine) => {
  let ctx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let runner: JobRunner;
  let api: ApiClient;
  let issuerId: string;
  let rustId: string;
  let goId: string;
  let asAda: (method: 'GET' | 'POST', url: string, payload?: object) => Promise<import('fastify').LightMyRequestResponse>;

  const docs = publicDocuments(() => ctx.app);
  const { fetchPublic, resolveDidWeb } = docs;
  const dbVerify = digitalBazaarVerifier(docs).verify;
  /** A VC-JWT checked with jose against the key its `kid` names in the issuer's did:web document. */
  const joseVerify = async (jwt: string) => {
    const header = decodeProtectedHeader(jwt);
    const didDoc = (await resolveDidWeb(header.kid!.split('#')[0]!))!;
    const method = (didDoc.verificationMethod as JsonObject[]).find((m) => m.id === header.kid)!;
    return (await jwtVerify(jwt, await importJWK(method.publicKeyJwk as never, header.alg), { algorithms: [header.alg!] })).payload;
  };
  const award = async (achievementId: string, email = 'ada@example.org') => {
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email, name: 'Ada' } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  /** Runs the queued jobs and returns the tx_code of the newest code e-mail to `to`. */
  const mailedTxCode = async (to: string) => {
    await runner.runOnce();
    const mail = smtp.inbox.filter((m) => m.to.includes(to) && /transaction code/.test(m.decoded)).pop();
    expect(mail, 'the tx_code e-mail').toBeDefined();
    return /^(\d{6})$/m.exec(mail!.decoded)![1]!;
  };
  const wallet = () => walletClient(fetchThroughInject(ctx.app, BASE_URL), []);

  beforeAll(async () => {
    smtp = await startSmtpServer();
    ctx = await createTestApp(engine, { mailer: smtpMailer(smtp) });
    runner = testJobRunner(ctx);
    ({ api, issuerId, achievementId: rustId } = await organisationWithAchievement(ctx.app, { issuer: { image: 'https://acme.example/logo.png' } }));
    goId = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: 'Intro to Go', kind: 'badge' })).json().id;
    asAda = asSignedIn(ctx.app, await registerAccount(ctx, 'ada@example.org'));
  });
  afterAll(async () => {
    await ctx?.close();
    await smtp?.close();
  });

  it('publishes Credential Issuer and authorization server metadata the wallet library reads as OpenID4VCI 1.0', async () => {
    const metadata = await wallet().resolveIssuerMetadata(`${BASE_URL}/oid4vci/issuers/${issuerId}`);
    expect(metadata.originalDraftVersion).toBe(Openid4vciVersion.V1);
    expect(metadata.credentialIssuer).toMatchObject({
      credential_issuer: `${BASE_URL}/oid4vci/issuers/${issuerId}`,
      credential_endpoint: `${BASE_URL}/oid4vci/issuers/${issuerId}/credential`,
      nonce_endpoint: `${BASE_URL}/oid4vci/issuers/${issuerId}/nonce`,
      authorization_servers: [`${BASE_URL}/oid4vci`, BASE_URL],
      display: [{ name: minimalIssuer.name, logo: { uri: 'https://acme.example/logo.png' } }],
    });
    expect(metadata.authorizationServers).toEqual([
      expect.objectContaining({ issuer: `${BASE_URL}/oid4vci`, token_endpoint: `${BASE_URL}/oid4vci/token`, 'pre-authorized_grant_anonymous_access_supported': true }),
      // Laurel's own authorization server: the authorization code flow (the earner signs in and consents).
      expect.objectContaining({ issuer: BASE_URL, authorization_endpoint: `${BASE_URL}/oauth/authorize`, authorization_details_types_supported: ['openid_credential'] }),
    ]);
    // Both formats of every achievement are known to the library (its own schema accepted them).
    expect(Object.keys(metadata.knownCredentialConfigurations).sort()).toEqual([`${goId}.jwt_vc_json`, `${goId}.ldp_vc`, `${rustId}.jwt_vc_json`, `${rustId}.ldp_vc`].sort());
    expect(metadata.knownCredentialConfigurations[`${rustId}.ldp_vc`]).toMatchObject({
      format: 'ldp_vc',
      credential_signing_alg_values_supported: ['eddsa-rdfc-2022'],
      credential_definition: { type: ['VerifiableCredential', 'OpenBadgeCredential'] },
      credential_metadata: { display: [{ name: 'Intro to Rust', logo: { uri: `${BASE_URL}/ob2/badges/${rustId}/image` } }] },
    });
    expect(metadata.knownCredentialConfigurations[`${goId}.jwt_vc_json`]).toMatchObject({ format: 'jwt_vc_json', credential_signing_alg_values_supported: ['RS256'], credential_metadata: { display: [{ name: 'Intro to Go' }] } });
    // The older (pre-1.0) location answers the same.
    const legacy = await ctx.app.inject({ method: 'GET', url: `/oid4vci/issuers/${issuerId}/.well-known/openid-credential-issuer` });
    expect(legacy.json().credential_issuer).toBe(metadata.credentialIssuer.credential_issuer);
  });

  it('backpack batch offer with a tx_code: a did:key wallet receives both credentials in both formats, verified by Digital Bazaar and jose', async () => {
    const rust = await award(rustId);
    const go = await award(goId);
    const made = await asAda('POST', '/api/v1/me/wallet-offers', { credentialIds: [rust, go] });
    expect(made.statusCode, made.body).toBe(201);
    const [offer] = made.json().offers;
    expect(made.json().offers).toHaveLength(1); // one issuer: one offer
    expect(offer).toMatchObject({ txCode: true, issuerId, credentialIds: expect.arrayContaining([rust, go]) });
    expect(offer.offerUri).toMatch(/^openid-credential-offer:\/\/\?credential_offer_uri=https%3A%2F%2Fbadges\.test\.example%2Foid4vci%2Foffers%2F/);
    expect(offer.qrCode).toMatch(/^data:image\/png;base64,/);

    const key = await didKeyWallet();
    const client = walletClient(fetchThroughInject(ctx.app, BASE_URL), [key]);
    const txCode = await mailedTxCode('ada@example.org');
    const { credentialOffer, received } = await receiveOffer(client, offer.offerUri, key, { txCode });
    expect(credentialOffer.grants?.['urn:ietf:params:oauth:grant-type:pre-authorized_code']?.tx_code).toMatchObject({ input_mode: 'numeric', length: 6 });
    expect(Object.keys(received).sort()).toEqual([`${goId}.jwt_vc_json`, `${goId}.ldp_vc`, `${rustId}.jwt_vc_json`, `${rustId}.ldp_vc`].sort());

    for (const [achievementId, credentialId] of [[rustId, rust], [goId, go]] as const) {
      const ldp = received[`${achievementId}.ldp_vc`] as JsonObject;
      const result = await dbVerify(ldp);
      expect(result.verified, JSON.stringify(result.error ?? result)).toBe(true);
      const published = (await fetchPublic(`${BASE_URL}/ob3/credentials/${credentialId}`)).json();
      // The same award: its id, issuer, achievement and status entry; only the subject names the holder.
      expect(ldp).toMatchObject({ id: published.id, issuer: published.issuer, credentialStatus: published.credentialStatus, validFrom: published.validFrom });
      expect(ldp.credentialSubject).toMatchObject({ id: key.holder, achievement: { id: `${BASE_URL}/ob3/achievements/${achievementId}` } });
      expect(JSON.stringify(ldp)).not.toContain('ada@example.org');

      const jwt = received[`${achievementId}.jwt_vc_json`] as string;
      const payload = await joseVerify(jwt);
      expect(payload).toMatchObject({ sub: key.holder, jti: published.id, iss: (published.issuer as JsonObject).id, credentialSubject: { id: key.holder }, credentialStatus: published.credentialStatus });
    }

    // The offer was single use: a second wallet gets nothing from the same link.
    await expect(wallet().resolveCredentialOffer(offer.offerUri)).rejects.toThrow();
  });

  it('claim-page offer without a tx_code: a jwk wallet receives credentials bound to its did:jwk; revoking the award revokes them', async () => {
    const credentialId = await award(rustId, 'grace@example.org');
    await runner.runOnce();
    const claimMail = smtp.inbox.filter((m) => m.to.includes('grace@example.org')).pop()!;
    const token = /\/claim\/([A-Za-z0-9_-]+)/.exec(claimMail.decoded)![1]!;
    const made = await ctx.app.inject({ method: 'POST', url: `/api/v1/claims/${token}/wallet-offer`, payload: { txCode: false } });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ txCode: false, credentialIds: [credentialId] });

    const key = await jwkWallet();
    const { received } = await receiveOffer(walletClient(fetchThroughInject(ctx.app, BASE_URL), [key]), made.json().offerUri, key);
    const ldp = received[`${rustId}.ldp_vc`] as JsonObject;
    expect((ldp.credentialSubject as JsonObject).id).toBe(key.holder);
    expect((await dbVerify(ldp)).verified).toBe(true);
    const jwt = received[`${rustId}.jwt_vc_json`] as string;
    expect((await joseVerify(jwt)).sub).toBe(key.holder);
    // The claim link still claims (the wallet offer did not use it).
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/claims/${token}` })).json().usable).toBe(true);

    expect((await api.post(`/api/v1/credentials/${credentialId}/revoke`, { reason: 'issued in error' })).statusCode).toBe(200);
    const after = await dbVerify(ldp);
    expect(after.verified).toBe(false);
    expect((after as { statusResult?: { error?: Error } }).statusResult?.error?.message).toBe('revoked');
  });

  it('batch issuance: one request with two key proofs (one c_nonce) gets two credentials, each bound to its key; a repeated key, mixed nonces or too many proofs are refused', async () => {
    const credentialId = await award(rustId, 'grace@example.org');
    const made = await api.post('/api/v1/wallet-offers', { credentialIds: [credentialId], txCode: false });
    const [one, two] = [await didKeyWallet(), await jwkWallet()];
    const client = walletClient(fetchThroughInject(ctx.app, BASE_URL), [one, two]);
    const credentialOffer = await client.resolveCredentialOffer(made.json().offers[0].offerUri);
    const issuerMetadata = await client.resolveIssuerMetadata(credentialOffer.credential_issuer);
    expect(issuerMetadata.credentialIssuer.batch_credential_issuance).toEqual({ batch_size: 10 });
    const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer, issuerMetadata });
    const credentialConfigurationId = `${rustId}.jwt_vc_json`;
    const proofs = async (keys: typeof one[], nonces?: string[]) => {
      const { c_nonce } = await client.requestNonce({ issuerMetadata });
      return Promise.all(keys.map(async (key, i) => (await client.createCredentialRequestJwtProof({ issuerMetadata, credentialConfigurationId, nonce: nonces?.[i] ?? c_nonce, signer: key.signer })).jwt));
    };
    const response = await client.retrieveCredentials({ issuerMetadata, accessToken: accessTokenResponse.access_token, credentialConfigurationId, proofs: { jwt: await proofs([one, two]) } });
    const credentials = (response.credentialResponse.credentials ?? []) as { credential: string }[];
    expect(await Promise.all(credentials.map(async (c) => (await joseVerify(c.credential)).sub))).toEqual([one.holder, two.holder]);

    const request = async (jwt: string[]) =>
      ctx.app.inject({ method: 'POST', url: `/oid4vci/issuers/${issuerId}/credential`, headers: { authorization: `Bearer ${accessTokenResponse.access_token}` }, payload: { credential_configuration_id: credentialConfigurationId, proofs: { jwt } } });
    expect((await request(await proofs([one, one]))).json()).toMatchObject({ error: 'invalid_proof', error_description: expect.stringMatching(/different key/) });
    const { c_nonce: other } = await client.requestNonce({ issuerMetadata });
    const { c_nonce: first } = await client.requestNonce({ issuerMetadata });
    expect((await request(await proofs([one, two], [first, other]))).json()).toMatchObject({ error: 'invalid_nonce' });
    const eleven = await proofs(Array.from({ length: 11 }, () => one));
    expect((await request(eleven)).json()).toMatchObject({ error: 'invalid_proof', error_description: expect.stringMatching(/from 1 to 10/) });
  });

  it('an integrator offers a credential through the API; the wallet receives it with a DPoP-bound token, refused as a bearer token', async () => {
    const credentialId = await award(goId, 'linus@example.org');
    const made = await api.post('/api/v1/wallet-offers', { credentialIds: [credentialId], txCode: false });
    expect(made.statusCode, made.body).toBe(201);
    const key = await didKeyWallet();
    const dpopKey = await jwkWallet();
    const { received, accessToken, tokenType, issuerMetadata } = await receiveOffer(walletClient(fetchThroughInject(ctx.app, BASE_URL), [key, dpopKey]), made.json().offers[0].offerUri, key, { dpop: dpopKey });
    expect(tokenType).toBe('DPoP');
    expect(issuerMetadata.authorizationServers[0]!.dpop_signing_alg_values_supported).toContain('ES256');
    expect((await dbVerify(received[`${goId}.ldp_vc`])).verified).toBe(true);
    expect((await joseVerify(received[`${goId}.jwt_vc_json`] as string)).sub).toBe(key.holder);
    // Stolen: the DPoP-bound token as a bearer token at the credential endpoint.
    const stolen = await ctx.app.inject({ method: 'POST', url: `/oid4vci/issuers/${issuerId}/credential`, headers: { authorization: `Bearer ${accessToken}` }, payload: { credential_configuration_id: `${goId}.ldp_vc` } });
    expect(stolen.statusCode).toBe(401);
    expect(stolen.json()).toMatchObject({ error: 'invalid_token', error_description: expect.stringMatching(/DPoP-bound/) });
  });
});
