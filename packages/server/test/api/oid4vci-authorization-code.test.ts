/**
 * OpenID4VCI 1.0, authorization code flow, with an independent wallet: the `@openid4vc/openid4vci` client
 * (a public OAuth client, registered with `token_endpoint_auth_method: none`) asks Laurel's authorization
 * server for an `openid_credential` authorization detail or a configuration's scope with PKCE S256; the
 * earner signs in and consents over HTTP (a cookie jar); the wallet redeems the code and receives the
 * earner's own credential bound to its key, verified with `@digitalbazaar/vc` and `jose`. Then attacks.
 */
import { clientAuthenticationNone } from '@openid4vc/oauth2';
import type { Openid4vciClient } from '@openid4vc/openid4vci';
import { decodeJwt } from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digitalBazaarVerifier, publicDocuments } from '../support/public-documents.js';
import { BASE_URL, ENGINES, PASSWORD, apiClient, createTestApp, minimalAchievement, minimalIssuer, registerAccount, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';
import { didKeyWallet, fetchThroughInject, walletClient, type WalletKey } from '../support/wallet.js';

const REDIRECT = 'https://wallet.example/callback';
const AUTH_CODE = 'authorization_code';

interface Browser {
  cookie: string;
  csrf: string;
}

describe.each(ENGINES)('OpenID4VCI authorization code flow: an independent public wallet client, the earner consents (%s)', (engine) => {
  let ctx: TestContext;
  let api: ApiClient;
  let issuerId: string;
  let otherIssuerId: string;
  let rustId: string;
  let goId: string;
  let clientId: string;
  let ada: Browser;
  let grace: Browser;

  const dbVerify = digitalBazaarVerifier(publicDocuments(() => ctx.app)).verify;
  const credentialIssuer = (id = issuerId) => `${BASE_URL}/oid4vci/issuers/${id}`;
  const wallet = (keys: WalletKey[] = [], id = clientId): Openid4vciClient => walletClient(fetchThroughInject(ctx.app, BASE_URL), keys, clientAuthenticationNone({ clientId: id }));

  const signIn = async (email: string): Promise<Browser> => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    return { cookie: `laurel_session=${res.cookies.find((c) => c.name === 'laurel_session')!.value}`, csrf: res.json().csrfToken };
  };
  const award = async (achievementId: string, email: string) => {
    const res = await api.post('/api/v1/credentials', { achievementId, recipient: { email, name: 'Someone' } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  /** The wallet starts (wallet-initiated: its own offer naming Laurel's authorization server), the browser follows, the earner decides. */
  const authorize = async (options: { configurationId: string; by: Browser; useScope?: boolean; issuer?: string; approve?: boolean; client?: Openid4vciClient }) => {
    const client = options.client ?? wallet();
    const issuerMetadata = await client.resolveIssuerMetadata(credentialIssuer(options.issuer));
    const credentialOffer = { credential_issuer: credentialIssuer(options.issuer), credential_configuration_ids: [options.configurationId], grants: { [AUTH_CODE]: { authorization_server: BASE_URL } } };
    const started = await client.initiateAuthorization({
      clientId,
      issuerMetadata,
      credentialOffer,
      redirectUri: REDIRECT,
      ...(options.useScope
        ? { scope: `laurel.wallet:${options.configurationId}` }
        : { additionalRequestPayload: { authorization_details: [{ type: 'openid_credential', credential_configuration_id: options.configurationId, locations: [credentialIssuer(options.issuer)] }] } }),
    });
    if (started.authorizationFlow !== 'Oauth2Redirect') throw new Error('expected a redirect flow');
    const url = new URL(started.authorizationRequestUrl);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const first = await ctx.app.inject({ method: 'GET', url: url.pathname + url.search });
    expect(first.statusCode, first.body).toBe(302);
    const consent = new URL(String(first.headers.location));
    expect(consent.pathname).toMatch(/^\/connect\//);
    const id = consent.pathname.split('/').pop()!;
    // Signed out, the consent page's API refuses: the earner must sign in first.
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/me/authorizations/${id}` })).statusCode).toBe(401);
    const view = await ctx.app.inject({ method: 'GET', url: `/api/v1/me/authorizations/${id}`, headers: { cookie: options.by.cookie } });
    expect(view.statusCode, view.body).toBe(200);
    const decided = await ctx.app.inject({ method: 'POST', url: `/api/v1/me/authorizations/${id}`, headers: { cookie: options.by.cookie, 'x-csrf-token': options.by.csrf }, payload: { approve: options.approve ?? true } });
    expect(decided.statusCode, decided.body).toBe(200);
    const back = new URL(decided.json().redirectTo);
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('iss')).toBe(BASE_URL);
    return { client, issuerMetadata, credentialOffer, verifier: started.pkce!.codeVerifier, code: back.searchParams.get('code'), error: back.searchParams.get('error'), view: view.json() };
  };

  const redeem = async (a: Awaited<ReturnType<typeof authorize>>, verifier = a.verifier) =>
    a.client.retrieveAuthorizationCodeAccessTokenFromOffer({ issuerMetadata: a.issuerMetadata, credentialOffer: a.credentialOffer, authorizationCode: a.code!, pkceCodeVerifier: verifier, redirectUri: REDIRECT });

  /** The credential endpoint, as the wallet library calls it (it throws on an error response; the raw answer is read below). */
  const requestCredential = async (accessToken: string, configurationId: string, key: WalletKey, issuer = issuerId, extra: Record<string, unknown> = {}): Promise<LightMyRequestResponse> => {
    const client = wallet([key]);
    const issuerMetadata = await client.resolveIssuerMetadata(credentialIssuer());
    const { c_nonce } = await client.requestNonce({ issuerMetadata });
    const proof = await client.createCredentialRequestJwtProof({ issuerMetadata, credentialConfigurationId: configurationId, nonce: c_nonce, signer: key.signer });
    return ctx.app.inject({
      method: 'POST',
      url: `/oid4vci/issuers/${issuer}/credential`,
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      payload: { credential_configuration_id: configurationId, proofs: { jwt: [proof.jwt] }, ...extra },
    });
  };

  beforeAll(async () => {
    ctx = await createTestApp(engine);
    api = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    issuerId = (await api.post('/api/v1/issuers', minimalIssuer)).json().id;
    otherIssuerId = (await api.post('/api/v1/issuers', { ...minimalIssuer, name: 'Other Academy' })).json().id;
    rustId = (await api.post('/api/v1/achievements', minimalAchievement(issuerId))).json().id;
    goId = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: 'Intro to Go', kind: 'badge' })).json().id;
    await registerAccount(ctx, 'ada@example.org');
    await registerAccount(ctx, 'grace@example.org');
    ada = await signIn('ada@example.org');
    grace = await signIn('grace@example.org');
    await award(rustId, 'ada@example.org');
    await award(goId, 'ada@example.org');
    await award(goId, 'grace@example.org');
    // The wallet registers itself as a public client: no secret, PKCE only.
    const reg = await ctx.app.inject({
      method: 'POST',
      url: '/oauth/register',
      payload: { client_name: 'Example Wallet', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none', grant_types: ['authorization_code'], scope: 'laurel.wallet' },
    });
    expect(reg.statusCode, reg.body).toBe(201);
    expect(reg.json()).not.toHaveProperty('client_secret');
    expect(reg.json().token_endpoint_auth_method).toBe('none');
    clientId = reg.json().client_id;
  });
  afterAll(async () => ctx?.close());

  it('the issuer metadata names both authorization servers and each configuration’s scope', async () => {
    const metadata = await wallet().resolveIssuerMetadata(credentialIssuer());
    expect(metadata.credentialIssuer.authorization_servers).toEqual([`${BASE_URL}/oid4vci`, BASE_URL]);
    expect(metadata.knownCredentialConfigurations[`${rustId}.ldp_vc`]).toMatchObject({ scope: `laurel.wallet:${rustId}.ldp_vc` });
    const as = metadata.authorizationServers.find((s) => s.issuer === BASE_URL)!;
    expect(as.token_endpoint_auth_methods_supported).toContain('none');
    expect(as.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('authorization_details: the earner consents to the named credential; the wallet receives her Rust credential bound to its did:key (ldp_vc, verifies)', async () => {
    const configurationId = `${rustId}.ldp_vc`;
    const a = await authorize({ configurationId, by: ada });
    expect(a.view.client.name).toBe('Example Wallet');
    expect(a.view.scopes.map((s: { description: string }) => s.description).join(' ')).toMatch(/“Intro to Rust” credential from .* Data Integrity/);
    const { accessTokenResponse } = await redeem(a);
    expect(accessTokenResponse.authorization_details).toEqual([expect.objectContaining({ type: 'openid_credential', credential_configuration_id: configurationId, credential_identifiers: [configurationId] })]);

    const key = await didKeyWallet();
    const client = wallet([key]);
    const { c_nonce } = await client.requestNonce({ issuerMetadata: a.issuerMetadata });
    const proof = await client.createCredentialRequestJwtProof({ issuerMetadata: a.issuerMetadata, credentialConfigurationId: configurationId, nonce: c_nonce, signer: key.signer });
    const response = await client.retrieveCredentials({ issuerMetadata: a.issuerMetadata, accessToken: accessTokenResponse.access_token, credentialConfigurationId: configurationId, proofs: { jwt: [proof.jwt] } });
    const credential = (response.credentialResponse.credentials![0] as { credential: Record<string, unknown> }).credential;
    expect((credential.credentialSubject as { id: string }).id).toBe(key.holder);
    expect(JSON.stringify(credential.credentialSubject)).toContain('Intro to Rust');
    const result = await dbVerify(credential);
    expect(result.verified, JSON.stringify(result.error ?? result.results)).toBe(true);
  });

  it('a configuration scope works the same (jwt_vc_json, holder-bound VC-JWT); the credential_identifier form too', async () => {
    const configurationId = `${goId}.jwt_vc_json`;
    const a = await authorize({ configurationId, by: ada, useScope: true });
    expect(a.view.scopes[0].description).toMatch(/“Intro to Go”.*VC-JWT/);
    const { accessTokenResponse } = await redeem(a);
    expect(accessTokenResponse.scope).toBe(`laurel.wallet:${configurationId}`);
    const key = await didKeyWallet();
    const res = await requestCredential(accessTokenResponse.access_token, configurationId, key);
    expect(res.statusCode, res.body).toBe(200);
    const jwt = res.json().credentials[0].credential as string;
    expect(decodeJwt(jwt).sub).toBe(key.holder);

    const b = await authorize({ configurationId: `${goId}.ldp_vc`, by: ada });
    const token = (await redeem(b)).accessTokenResponse.access_token;
    const byIdentifier = await requestCredential(token, `${goId}.ldp_vc`, key, issuerId, { credential_configuration_id: undefined, credential_identifier: `${goId}.ldp_vc` });
    expect(byIdentifier.statusCode, byIdentifier.body).toBe(200);
  });

  it('issuer-initiated: an offer’s authorization_code grant carries issuer_state; the wallet signs the earner in and gets the offered configurations', async () => {
    const backpack = (await ctx.app.inject({ method: 'GET', url: '/api/v1/me/credentials', headers: { cookie: ada.cookie } })).json();
    const rust = (backpack.items as { id: string; achievement: { id: string } }[]).find((i) => i.achievement.id === rustId)!;
    const made = await ctx.app.inject({ method: 'POST', url: '/api/v1/me/wallet-offers', headers: { cookie: ada.cookie, 'x-csrf-token': ada.csrf }, payload: { credentialIds: [rust.id], txCode: false } });
    expect(made.statusCode, made.body).toBe(201);
    const client = wallet();
    const credentialOffer = await client.resolveCredentialOffer(made.json().offers[0].offerUri);
    const grant = credentialOffer.grants?.[AUTH_CODE];
    expect(grant).toMatchObject({ authorization_server: BASE_URL, issuer_state: expect.any(String) });
    const issuerMetadata = await client.resolveIssuerMetadata(credentialOffer.credential_issuer);
    // The wallet names nothing itself: the library sends the offer's issuer_state.
    const started = await client.initiateAuthorization({ clientId, issuerMetadata, credentialOffer, redirectUri: REDIRECT });
    if (started.authorizationFlow !== 'Oauth2Redirect') throw new Error('expected a redirect flow');
    const url = new URL(started.authorizationRequestUrl);
    expect(url.searchParams.get('issuer_state')).toBe(grant!.issuer_state);
    const id = String((await ctx.app.inject({ method: 'GET', url: url.pathname + url.search })).headers.location).split('/').pop()!;
    const view = (await ctx.app.inject({ method: 'GET', url: `/api/v1/me/authorizations/${id}`, headers: { cookie: ada.cookie } })).json();
    expect(view.scopes.map((s: { description: string }) => s.description).join(' ')).toMatch(/“Intro to Rust”.*Data Integrity.*“Intro to Rust”.*VC-JWT|“Intro to Rust”.*VC-JWT.*“Intro to Rust”.*Data Integrity/);
    const code = new URL((await ctx.app.inject({ method: 'POST', url: `/api/v1/me/authorizations/${id}`, headers: { cookie: ada.cookie, 'x-csrf-token': ada.csrf }, payload: { approve: true } })).json().redirectTo).searchParams.get('code')!;
    const { accessTokenResponse } = await client.retrieveAuthorizationCodeAccessTokenFromOffer({ issuerMetadata, credentialOffer, authorizationCode: code, pkceCodeVerifier: started.pkce!.codeVerifier, redirectUri: REDIRECT });
    expect(accessTokenResponse.authorization_details).toHaveLength(2);
    const res = await requestCredential(accessTokenResponse.access_token, `${rustId}.jwt_vc_json`, await didKeyWallet());
    expect(res.statusCode, res.body).toBe(200);
    // Not an offered configuration: refused.
    expect((await requestCredential(accessTokenResponse.access_token, `${goId}.ldp_vc`, await didKeyWallet())).json().error).toBe('unknown_credential_configuration');

    // An issuer_state nobody handed out (or of an offer redeemed since) is refused back to the wallet.
    const forged = new URL(url);
    forged.searchParams.set('issuer_state', 'not-an-offer');
    const refused = await ctx.app.inject({ method: 'GET', url: forged.pathname + forged.search });
    expect(new URL(String(refused.headers.location)).searchParams.get('error')).toBe('invalid_request');
  });

  it('attack: a wrong PKCE verifier gets invalid_grant, and the code is then dead', async () => {
    const a = await authorize({ configurationId: `${rustId}.ldp_vc`, by: ada });
    await expect(redeem(a, 'x'.repeat(43))).rejects.toThrow(/invalid_grant/);
  });

  it('attack: a code used twice: invalid_grant, and the token issued from it stops working', async () => {
    const a = await authorize({ configurationId: `${rustId}.ldp_vc`, by: ada });
    const { accessTokenResponse } = await redeem(a);
    await expect(redeem(a)).rejects.toThrow(/invalid_grant/);
    const res = await requestCredential(accessTokenResponse.access_token, `${rustId}.ldp_vc`, await didKeyWallet());
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe('invalid_token');
  });

  it('attack: a token for configuration A used for B (another achievement, or the other format): unknown_credential_configuration', async () => {
    const a = await authorize({ configurationId: `${rustId}.ldp_vc`, by: ada });
    const token = (await redeem(a)).accessTokenResponse.access_token;
    const key = await didKeyWallet();
    for (const other of [`${goId}.ldp_vc`, `${rustId}.jwt_vc_json`]) {
      const res = await requestCredential(token, other, key);
      expect(res.statusCode, other).toBe(400);
      expect(res.json().error).toBe('unknown_credential_configuration');
    }
    const wrongIdentifier = await requestCredential(token, `${rustId}.ldp_vc`, key, issuerId, { credential_configuration_id: undefined, credential_identifier: `${goId}.ldp_vc` });
    expect(wrongIdentifier.json().error).toBe('unknown_credential_identifier');
  });

  it('attack: another earner’s credential — Grace consents to Rust, which only Ada holds: credential_request_denied', async () => {
    const a = await authorize({ configurationId: `${rustId}.ldp_vc`, by: grace });
    const token = (await redeem(a)).accessTokenResponse.access_token;
    const res = await requestCredential(token, `${rustId}.ldp_vc`, await didKeyWallet());
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('credential_request_denied');
    // Her own Go award she does get: Grace's, not Ada's.
    const b = await authorize({ configurationId: `${goId}.ldp_vc`, by: grace });
    const own = await requestCredential((await redeem(b)).accessTokenResponse.access_token, `${goId}.ldp_vc`, await didKeyWallet());
    expect(own.statusCode, own.body).toBe(200);
    expect(JSON.stringify(own.json().credentials[0].credential)).toContain('Intro to Go');
  });

  it('attack: the token used at another credential issuer (its location names this one): invalid_token', async () => {
    const a = await authorize({ configurationId: `${rustId}.ldp_vc`, by: ada });
    const token = (await redeem(a)).accessTokenResponse.access_token;
    const res = await requestCredential(token, `${rustId}.ldp_vc`, await didKeyWallet(), otherIssuerId);
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe('invalid_token');
  });

  it('attack: an OAuth token without credential grants (an Open Badges API token) is refused at the credential endpoint; a pre-authorized token is refused by the OB API', async () => {
    const reg = await ctx.app.inject({ method: 'POST', url: '/oauth/register', payload: { client_name: 'Host', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none', scope: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly' } });
    const hostId = reg.json().client_id as string;
    const host = wallet([], hostId);
    const issuerMetadata = await host.resolveIssuerMetadata(credentialIssuer());
    const started = await host.initiateAuthorization({
      clientId: hostId,
      issuerMetadata,
      credentialOffer: { credential_issuer: credentialIssuer(), credential_configuration_ids: [`${rustId}.ldp_vc`], grants: { [AUTH_CODE]: { authorization_server: BASE_URL } } },
      redirectUri: REDIRECT,
      scope: 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly',
    });
    if (started.authorizationFlow !== 'Oauth2Redirect') throw new Error('expected a redirect flow');
    const url = new URL(started.authorizationRequestUrl);
    const id = String((await ctx.app.inject({ method: 'GET', url: url.pathname + url.search })).headers.location).split('/').pop()!;
    const code = new URL((await ctx.app.inject({ method: 'POST', url: `/api/v1/me/authorizations/${id}`, headers: { cookie: ada.cookie, 'x-csrf-token': ada.csrf }, payload: { approve: true } })).json().redirectTo).searchParams.get('code')!;
    const tokenRes = await ctx.app.inject({ method: 'POST', url: '/oauth/token', payload: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: started.pkce!.codeVerifier, client_id: hostId }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(tokenRes.statusCode, tokenRes.body).toBe(200);
    const res = await requestCredential(tokenRes.json().access_token, `${rustId}.ldp_vc`, await didKeyWallet());
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe('invalid_token');

    // A pre-authorized code's token: only its offer at the credential endpoint, nothing at the OB 3.0 API.
    const offer = await ctx.app.inject({ method: 'POST', url: '/api/v1/me/wallet-offers', headers: { cookie: ada.cookie, 'x-csrf-token': ada.csrf }, payload: { credentialIds: [], txCode: false } });
    expect(offer.statusCode).toBeGreaterThanOrEqual(400); // (an empty offer is refused; make a real one)
    const backpack = (await ctx.app.inject({ method: 'GET', url: '/api/v1/me/credentials', headers: { cookie: ada.cookie } })).json();
    const credentialIds = (backpack.items as { id?: string; credential?: { id: string } }[]).map((i) => i.id ?? i.credential!.id).slice(0, 1);
    const made = await ctx.app.inject({ method: 'POST', url: '/api/v1/me/wallet-offers', headers: { cookie: ada.cookie, 'x-csrf-token': ada.csrf }, payload: { credentialIds, txCode: false } });
    expect(made.statusCode, made.body).toBe(201);
    const pre = wallet();
    const credentialOffer = await pre.resolveCredentialOffer(made.json().offers[0].offerUri);
    expect(credentialOffer.grants?.['urn:ietf:params:oauth:grant-type:pre-authorized_code']?.authorization_server).toBe(`${BASE_URL}/oid4vci`);
    const { accessTokenResponse } = await pre.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer, issuerMetadata: await pre.resolveIssuerMetadata(credentialOffer.credential_issuer) });
    const ob = await ctx.app.inject({ method: 'GET', url: '/ims/ob/v3p0/credentials', headers: { authorization: `Bearer ${accessTokenResponse.access_token}` } });
    expect(ob.statusCode).toBe(401);
  });

  it('public clients: no client_credentials; a confidential client cannot skip its secret; the earner can deny', async () => {
    const bad = await ctx.app.inject({ method: 'POST', url: '/oauth/register', payload: { client_name: 'X', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'client_credentials'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('invalid_client_metadata');
    const cc = await ctx.app.inject({ method: 'POST', url: '/oauth/token', payload: `grant_type=client_credentials&client_id=${clientId}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(cc.json().error).toBe('unauthorized_client');
    // A public client cannot introspect (that stays for confidential clients).
    const intro = await ctx.app.inject({ method: 'POST', url: '/oauth/introspect', payload: `token=x&client_id=${clientId}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(intro.statusCode).toBe(401);
    // A confidential client that sends only its client_id: invalid_client.
    const conf = await ctx.app.inject({ method: 'POST', url: '/oauth/register', payload: { client_name: 'Confidential', redirect_uris: [REDIRECT], scope: 'laurel.wallet' } });
    const confId = conf.json().client_id as string;
    const noSecret = await ctx.app.inject({ method: 'POST', url: '/oauth/token', payload: `grant_type=authorization_code&code=lac_x&client_id=${confId}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(noSecret.statusCode).toBe(401);
    expect(noSecret.json().error).toBe('invalid_client');
    // A public client that sends a made-up secret: invalid_client too.
    const withSecret = await ctx.app.inject({ method: 'POST', url: '/oauth/token', payload: `grant_type=authorization_code&code=lac_x&client_id=${clientId}&client_secret=guess`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(withSecret.json().error).toBe('invalid_client');
    const denied = await authorize({ configurationId: `${rustId}.ldp_vc`, by: ada, approve: false });
    expect(denied.code).toBeNull();
    expect(denied.error).toBe('access_denied');
  });

  it('attack: an authorization detail the server cannot grant is refused back to the wallet (unknown configuration form, foreign location)', async () => {
    const client = wallet();
    const issuerMetadata = await client.resolveIssuerMetadata(credentialIssuer());
    for (const detail of [{ type: 'openid_credential', format: 'ldp_vc' }, { type: 'openid_credential', credential_configuration_id: `${rustId}.ldp_vc`, locations: ['https://evil.example/issuer'] }]) {
      const started = await client.initiateAuthorization({
        clientId,
        issuerMetadata,
        credentialOffer: { credential_issuer: credentialIssuer(), credential_configuration_ids: [`${rustId}.ldp_vc`], grants: { [AUTH_CODE]: { authorization_server: BASE_URL } } },
        redirectUri: REDIRECT,
        additionalRequestPayload: { authorization_details: [detail] },
      });
      if (started.authorizationFlow !== 'Oauth2Redirect') throw new Error('expected a redirect flow');
      const url = new URL(started.authorizationRequestUrl);
      const res = await ctx.app.inject({ method: 'GET', url: url.pathname + url.search });
      expect(new URL(String(res.headers.location)).searchParams.get('error')).toBe('invalid_request');
    }
  });
});
