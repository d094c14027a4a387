/**
 * OpenID4VCI under attack: every input a wallet (or whoever holds a stolen link) sends is hostile.
 * Reused and expired pre-authorized codes, wrong tx_codes and their cap, stale and foreign c_nonces,
 * proofs signed by another key than they name or for another audience, another organisation's
 * token — each refused with the OAuth / OpenID4VCI error the specifications name, never a problem document.
 */
import { SignJWT, type JWTHeaderParameters } from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/domain/shared/ports.js';
import { createOrganisation } from '../../src/domain/organisations/create-organisation.js';
import { sha256Hex } from '../../src/domain/shared/hash.js';
import { BASE_URL, ENGINES, PASSWORD, apiClient, createTestApp, minimalAchievement, minimalIssuer, registerAccount, type ApiClient, type TestContext, organisationWithAchievement, sessionHeaders } from '../support/test-app.js';
import { didKeyWallet, fetchThroughInject, receiveOffer, walletClient, type WalletKey } from '../support/wallet.js';
import { txCodeHash } from '../../src/domain/oid4vci/secrets.js';

const GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

/** A clock the test moves forward. */
function movableClock(): Clock & { advance(seconds: number): void } {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (seconds) => void (offset += seconds * 1000) };
}

describe.each(ENGINES)('OpenID4VCI attacks (%s)', (engine) => {
  let ctx: TestContext;
  let clock: ReturnType<typeof movableClock>;
  let api: ApiClient;
  let otherApi: ApiClient;
  let issuerId: string;
  let achievementId: string;
  let otherIssuerId: string;
  let otherAchievementId: string;

  const inject = (method: 'GET' | 'POST', url: string, options: { form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {}) =>
    ctx.app.inject({
      method,
      url,
      headers: { ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...options.headers },
      ...(options.form ? { payload: new URLSearchParams(options.form).toString() } : options.json !== undefined ? { payload: options.json as object } : {}),
    });
  /** The error shape of OAuth (RFC 6749 §5.2) and OpenID4VCI (§8.3.1): never an RFC 9457 problem document. */
  const expectOAuthError = (res: LightMyRequestResponse, status: number, error: string) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toEqual({ error, error_description: expect.any(String) });
    expect(body).not.toHaveProperty('type');
  };

  const award = async (client: ApiClient, achievement: string, email = 'ada@example.org') => (await client.post('/api/v1/credentials', { achievementId: achievement, recipient: { email } })).json().id as string;
  const offer = async (client: ApiClient, credentialId: string, txCode = false) => {
    const res = await client.post('/api/v1/wallet-offers', { credentialIds: [credentialId], txCode });
    expect(res.statusCode, res.body).toBe(201);
    const { offerUri } = res.json().offers[0] as { offerUri: string };
    const uri = new URL(decodeURIComponent(offerUri.split('credential_offer_uri=')[1]!));
    const body = (await inject('GET', uri.pathname)).json();
    return { offerUri, path: uri.pathname, body, code: body.grants[GRANT]['pre-authorized_code'] as string };
  };
  const token = async (code: string, txCode?: string) => inject('POST', '/oid4vci/token', { form: { grant_type: GRANT, 'pre-authorized_code': code, ...(txCode ? { tx_code: txCode } : {}) } });
  const accessFor = async (client = api, achievement = achievementId) => {
    const o = await offer(client, await award(client, achievement));
    return (await token(o.code)).json().access_token as string;
  };
  const nonce = async (issuer = issuerId) => (await inject('POST', `/oid4vci/issuers/${issuer}/nonce`)).json().c_nonce as string;
  const proof = (key: WalletKey, payload: Record<string, unknown>, header: Partial<JWTHeaderParameters> = {}) =>
    new SignJWT(payload)
      .setProtectedHeader({ alg: key.signer.alg, typ: 'openid4vci-proof+jwt', ...(key.signer.method === 'did' ? { kid: key.signer.didUrl } : {}), ...header } as JWTHeaderParameters)
      .sign(key.privateKey);
  const audience = (issuer = issuerId) => `${BASE_URL}/oid4vci/issuers/${issuer}`;
  const iat = () => Math.floor(clock.now().getTime() / 1000);
  const requestCredential = (access: string, body: unknown, issuer = issuerId) =>
    inject('POST', `/oid4vci/issuers/${issuer}/credential`, { json: body, headers: { authorization: `Bearer ${access}` } });
  const configuration = (achievement = achievementId) => `${achievement}.ldp_vc`;

  beforeAll(async () => {
    clock = movableClock();
    ctx = await createTestApp(engine, { clock });
    ({ api, issuerId, achievementId } = await organisationWithAchievement(ctx.app));
    // A second organisation on the same server, with its own issuer.
    otherApi = apiClient(ctx.app, (await createOrganisation(ctx.deps, { name: 'Other College', owner: { email: 'owner@other.example', password: PASSWORD } })).apiKeySecret);
    otherIssuerId = (await otherApi.post('/api/v1/issuers', { ...minimalIssuer, name: 'Other Badges' })).json().id;
    otherAchievementId = (await otherApi.post('/api/v1/achievements', minimalAchievement(otherIssuerId))).json().id;
  });
  afterAll(async () => ctx?.close());

  it('a pre-authorized code is good once', async () => {
    const o = await offer(api, await award(api, achievementId));
    expect((await token(o.code)).statusCode).toBe(200);
    expectOAuthError(await token(o.code), 400, 'invalid_grant');
    // and the offer behind it is gone
    expectOAuthError(await inject('GET', o.path), 404, 'invalid_request');
  });

  it('an expired offer resolves to nothing and its code is refused', async () => {
    const o = await offer(api, await award(api, achievementId));
    clock.advance(ctx.deps.walletOfferTtlSeconds + 1);
    try {
      expectOAuthError(await inject('GET', o.path), 404, 'invalid_request');
      expectOAuthError(await token(o.code), 400, 'invalid_grant');
    } finally {
      clock.advance(-(ctx.deps.walletOfferTtlSeconds + 1));
    }
    // an unknown code is just as invalid
    expectOAuthError(await token('x'.repeat(43)), 400, 'invalid_grant');
  });

  it('a tx_code is required when offered, a wrong one is refused, and after five tries even the right one', async () => {
    const o = await offer(api, await award(api, achievementId), true);
    // The code e-mail job runs (here by hand, with a known code written the way the job writes it).
    const stored = await ctx.deps.store.walletOffers.findByCode(sha256Hex(o.code));
    await ctx.deps.store.walletOffers.setTxCode(stored!.id, txCodeHash(stored!.id, '424242'));
    expectOAuthError(await token(o.code), 400, 'invalid_request');
    for (let i = 0; i < 5; i++) expectOAuthError(await token(o.code, String(100000 + i)), 400, 'invalid_grant');
    const capped = await token(o.code, '424242');
    expectOAuthError(capped, 400, 'invalid_grant');
    expect(capped.json().error_description).toMatch(/too many/);

    // The cap holds against parallel guessing too: of 20 concurrent wrong tries, at most 5 are compared.
    const p = await offer(api, await award(api, achievementId), true);
    const row = await ctx.deps.store.walletOffers.findByCode(sha256Hex(p.code));
    await ctx.deps.store.walletOffers.setTxCode(row!.id, txCodeHash(row!.id, '424242'));
    await Promise.all(Array.from({ length: 20 }, (_, i) => token(p.code, String(200000 + i))));
    expect((await ctx.deps.store.walletOffers.findById(row!.id))!.txCodeAttempts).toBe(5);
    expectOAuthError(await token(p.code, '424242'), 400, 'invalid_grant');

    // The wallet library sees the refusal as the OAuth error it is.
    const q = await offer(api, await award(api, achievementId), true);
    await expect(receiveOffer(walletClient(fetchThroughInject(ctx.app, BASE_URL), []), q.offerUri, await didKeyWallet(), { txCode: '000000' })).rejects.toThrow(/invalid_grant/);
  });

  it('the token endpoint refuses other grants, JSON bodies and repeated parameters', async () => {
    expectOAuthError(await inject('POST', '/oid4vci/token', { form: { grant_type: 'authorization_code', code: 'x' } }), 400, 'unsupported_grant_type');
    expectOAuthError(await inject('POST', '/oid4vci/token', { form: { 'pre-authorized_code': 'x' } }), 400, 'invalid_request');
    expectOAuthError(await inject('POST', '/oid4vci/token', { json: { grant_type: GRANT, 'pre-authorized_code': 'x' } }), 415, 'invalid_request');
    expectOAuthError(await inject('POST', '/oid4vci/token', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, form: undefined }), 400, 'invalid_request');
    const twice = await ctx.app.inject({ method: 'POST', url: '/oid4vci/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `grant_type=${encodeURIComponent(GRANT)}&pre-authorized_code=a&pre-authorized_code=b` });
    expectOAuthError(twice, 400, 'invalid_request');
    expectOAuthError(await inject('GET', '/oid4vci/nothing-here'), 404, 'invalid_request');
  });

  it('a c_nonce works once, only at the issuer that made it, only while fresh, and only when it is one', async () => {
    const key = await didKeyWallet();
    const access = await accessFor();
    const used = await nonce();
    const ok = await requestCredential(access, { credential_configuration_id: configuration(), proofs: { jwt: [await proof(key, { aud: audience(), iat: iat(), nonce: used })] } });
    expect(ok.statusCode, ok.body).toBe(200);
    // stale: used already
    expectOAuthError(await requestCredential(access, { credential_configuration_id: configuration(), proofs: { jwt: [await proof(key, { aud: audience(), iat: iat(), nonce: used })] } }), 400, 'invalid_nonce');
    // foreign: made by another issuer's nonce endpoint
    const foreign = await nonce(otherIssuerId);
    expectOAuthError(await requestCredential(access, { credential_configuration_id: configuration(), proofs: { jwt: [await proof(key, { aud: audience(), iat: iat(), nonce: foreign })] } }), 400, 'invalid_nonce');
    // made up, and missing
    expectOAuthError(await requestCredential(access, { credential_configuration_id: configuration(), proofs: { jwt: [await proof(key, { aud: audience(), iat: iat(), nonce: 'mine' })] } }), 400, 'invalid_nonce');
    expectOAuthError(await requestCredential(access, { credential_configuration_id: configuration(), proofs: { jwt: [await proof(key, { aud: audience(), iat: iat() })] } }), 400, 'invalid_nonce');
    // expired: older than its five minutes (the access token is re-made after the jump)
    const old = await nonce();
    clock.advance(301);
    try {
      const fresh = await accessFor();
      expectOAuthError(await requestCredential(fresh, { credential_configuration_id: configuration(), proofs: { jwt: [await proof(key, { aud: audience(), iat: iat(), nonce: old })] } }), 400, 'invalid_nonce');
    } finally {
      clock.advance(-301);
    }
  });

  it('a proof must be signed by the key it names, for this issuer, recently', async () => {
    const holder = await didKeyWallet();
    const thief = await didKeyWallet();
    const access = await accessFor();
    // names the holder's did:key, signed by another key
    const forged = await proof(thief, { aud: audience(), iat: iat(), nonce: await nonce() }, { kid: holder.signer.method === 'did' ? holder.signer.didUrl : '' });
    expectOAuthError(await requestCredential(access, { credential_configuration_id: configuration(), proofs: { jwt: [forged] } }), 400, 'invalid_proof');
    // a jwk header naming the holder's key, signed by the thief
    const forgedJwk = await proof(thief, { aud: audience(), iat: iat(), nonce: await nonce() }, { kid: undefined, jwk: holder.publicJwk as never });
    expectOAuthError(await requestCredential(access, { credential_configuration_id: configuration(), proofs: { jwt: [forgedJwk] } }), 400, 'invalid_proof');
    // for another credential issuer (the other organisation's)
    expectOAuthError(await requestCredential(access, { credential_configuration_id: configuration(), proofs: { jwt: [await proof(holder, { aud: audience(otherIssuerId), iat: iat(), nonce: await nonce() })] } }), 400, 'invalid_proof');
    // made an hour ago
    expectOAuthError(await requestCredential(access, { credential_configuration_id: configuration(), proofs: { jwt: [await proof(holder, { aud: audience(), iat: iat() - 3600, nonce: await nonce() })] } }), 400, 'invalid_proof');
    // no proof, two proofs by one key (a batch needs a key per proof), another proof type
    expectOAuthError(await requestCredential(access, { credential_configuration_id: configuration() }), 400, 'invalid_proof');
    const shared = await nonce();
    const two = [await proof(holder, { aud: audience(), iat: iat(), nonce: shared }), await proof(holder, { aud: audience(), iat: iat(), nonce: shared })];
    expectOAuthError(await requestCredential(access, { credential_configuration_id: configuration(), proofs: { jwt: two } }), 400, 'invalid_proof');
    expectOAuthError(await requestCredential(access, { credential_configuration_id: configuration(), proofs: { di_vp: ['x'] } }), 400, 'invalid_proof');
    // the earlier `proof` form works the same way, and a good proof still gets the credential after all this
    const good = await requestCredential(access, { credential_configuration_id: configuration(), proof: { proof_type: 'jwt', jwt: await proof(holder, { aud: audience(), iat: iat(), nonce: await nonce() }) } });
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json().credentials[0].credential.credentialSubject.id).toBe(holder.holder);
  });

  it('a token is good only at its own issuer, for what its offer holds; another organisation offers nothing of ours', async () => {
    const key = await didKeyWallet();
    const ours = await accessFor();
    const theirs = await accessFor(otherApi, otherAchievementId);
    const body = async (issuer: string, achievement: string) => ({ credential_configuration_id: configuration(achievement), proofs: { jwt: [await proof(key, { aud: audience(issuer), iat: iat(), nonce: await nonce(issuer) })] } });
    // the other organisation's token at our issuer: 401 invalid_token (with WWW-Authenticate)
    const cross = await requestCredential(theirs, await body(issuerId, achievementId));
    expectOAuthError(cross, 401, 'invalid_token');
    expect(cross.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
    // our token cannot fetch their achievement at their issuer either, nor a configuration its offer lacks
    expectOAuthError(await requestCredential(ours, await body(otherIssuerId, otherAchievementId), otherIssuerId), 401, 'invalid_token');
    const unoffered = (await api.post('/api/v1/achievements', { ...minimalAchievement(issuerId), name: 'Never offered' })).json().id;
    expectOAuthError(await requestCredential(ours, await body(issuerId, unoffered)), 400, 'unknown_credential_configuration');
    expectOAuthError(await requestCredential(ours, { credential_configuration_id: 'nonsense', proofs: {} }), 400, 'unknown_credential_configuration');
    expectOAuthError(await requestCredential(ours, { credential_identifier: 'x' }), 400, 'unknown_credential_identifier');
    expectOAuthError(await requestCredential(ours, { proofs: {} }), 400, 'invalid_credential_request');
    expectOAuthError(await requestCredential(ours, { credential_configuration_id: configuration(), credential_response_encryption: { jwk: {}, enc: 'A128GCM' } }), 400, 'invalid_encryption_parameters');
    const broken = await ctx.app.inject({ method: 'POST', url: `/oid4vci/issuers/${issuerId}/credential`, headers: { authorization: `Bearer ${ours}`, 'content-type': 'application/json' }, payload: '{"credential_configuration_id":' });
    expectOAuthError(broken, 400, 'invalid_credential_request');
    expectOAuthError(await requestCredential(ours, [configuration()]), 400, 'invalid_credential_request');
    expectOAuthError(await inject('POST', `/oid4vci/issuers/${issuerId}/credential`, { json: await body(issuerId, achievementId) }), 401, 'invalid_token');
    expectOAuthError(await requestCredential('t'.repeat(43), await body(issuerId, achievementId)), 401, 'invalid_token');
    // an expired access token
    clock.advance(601);
    try {
      expectOAuthError(await requestCredential(ours, await body(issuerId, achievementId)), 401, 'invalid_token');
    } finally {
      clock.advance(-601);
    }

    // Making offers is scoped too: another organisation's key, and an earner, see only their own credentials.
    const ourCredential = await award(api, achievementId, 'ada@example.org');
    const res = await otherApi.post('/api/v1/wallet-offers', { credentialIds: [ourCredential], txCode: false });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const signup = await registerAccount(ctx, 'mallory@example.org');
    const mallory = await ctx.app.inject({ method: 'POST', url: '/api/v1/me/wallet-offers', headers: sessionHeaders(signup), payload: { credentialIds: [ourCredential] } });
    expect(mallory.statusCode).toBe(404);
  });

  it('a revoked or suspended award is not delivered, and cannot be offered', async () => {
    const key = await didKeyWallet();
    const credentialId = await award(api, achievementId);
    const o = await offer(api, credentialId);
    const access = (await token(o.code)).json().access_token as string;
    expect((await api.post(`/api/v1/credentials/${credentialId}/suspend`, { reason: 'under review' })).statusCode).toBe(200);
    expectOAuthError(await requestCredential(access, { credential_configuration_id: configuration(), proofs: { jwt: [await proof(key, { aud: audience(), iat: iat(), nonce: await nonce() })] } }), 400, 'credential_request_denied');
    const again = await api.post('/api/v1/wallet-offers', { credentialIds: [credentialId], txCode: false });
    expect(again.statusCode).toBe(409);
  });
});
