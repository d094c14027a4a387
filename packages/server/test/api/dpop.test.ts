/**
 * DPoP (RFC 9449) with openid-client as the client: a machine client binds its token to its key at
 * /oauth/token and uses it on /api/v1 with a fresh proof per request; introspection tells the binding
 * (`cnf.jkt`). Then the attacker's side, with proofs made by hand (jose): a replayed proof, a proof for
 * another URL or method, a proof by another key than the token's, the bound token used as a bearer token.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { createHash, randomUUID } from 'node:crypto';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock, viaApp } from '../support/oauth.js';
import { BASE_URL, ENGINES, apiClient, createTestApp, setupOrganisation, type ApiClient, type TestContext } from '../support/test-app.js';

interface Holder {
  privateKey: CryptoKey;
  jwk: JWK;
}
const holder = async (): Promise<Holder> => {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, jwk: await exportJWK(publicKey) };
};
const ath = (token: string) => createHash('sha256').update(token).digest('base64url');

/** A DPoP proof as the attacker shapes it. */
const proof = (key: Holder, claims: { htm: string; htu: string; ath?: string; iat?: number; jti?: string }) =>
  new SignJWT({ jti: claims.jti ?? randomUUID(), htm: claims.htm, htu: claims.htu, iat: claims.iat ?? Math.floor(Date.now() / 1000), ...(claims.ath ? { ath: claims.ath } : {}) })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk })
    .sign(key.privateKey);

describe.each(ENGINES)('DPoP-bound access tokens (RFC 9449) (%s)', (engine) => {
  let ctx: TestContext;
  let owner: ApiClient;
  let config: client.Configuration;
  const clock = testClock(Date.now());
  const CREDENTIALS = `${BASE_URL}/api/v1/credentials`;

  const get = (token: string, headers: Record<string, string | string[]>) => ctx.app.inject({ method: 'GET', url: '/api/v1/credentials', headers: { authorization: `DPoP ${token}`, ...headers } });
  const tokenRequest = (headers: Record<string, string | string[]>) =>
    ctx.app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic, ...headers }, payload: 'grant_type=client_credentials' });
  let basic = '';

  beforeAll(async () => {
    ctx = await createTestApp(engine, { clock });
    owner = apiClient(ctx.app, (await setupOrganisation(ctx.app)).apiKey);
    const created = (await owner.post('/api/v1/oauth-clients', { name: 'DPoP sync', scopes: ['laurel.read'] })).json<{ clientId: string; clientSecret: string }>();
    basic = `Basic ${Buffer.from(`${created.clientId}:${created.clientSecret}`).toString('base64')}`;
    config = await client.discovery(new URL(BASE_URL), created.clientId, created.clientSecret, client.ClientSecretBasic(), viaApp(ctx.app));
  });
  afterAll(async () => ctx?.close());

  it('openid-client binds its token to its key and reads /api/v1 with DPoP; the bound token is refused as a bearer token', async () => {
    expect(config.serverMetadata().dpop_signing_alg_values_supported).toEqual(expect.arrayContaining(['ES256', 'EdDSA']));
    const keyPair = await client.randomDPoPKeyPair('ES256');
    const DPoP = client.getDPoPHandle(config, keyPair);
    const tokens = await client.clientCredentialsGrant(config, {}, { DPoP });
    expect(tokens.token_type).toBe('dpop');
    const read = await client.fetchProtectedResource(config, tokens.access_token, new URL(CREDENTIALS), 'GET', undefined, undefined, { DPoP });
    expect(read.status, await read.clone().text()).toBe(200);
    // Another request, another proof: fine.
    expect((await client.fetchProtectedResource(config, tokens.access_token, new URL(CREDENTIALS), 'GET', undefined, undefined, { DPoP })).status).toBe(200);

    const introspected = await client.tokenIntrospection(config, tokens.access_token);
    expect(introspected).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt: await calculateJwkThumbprint(await exportJWK(keyPair.publicKey), 'sha256') } });

    // Stolen: the bound token as a bearer token, or as DPoP without a proof.
    const asBearer = await ctx.app.inject({ method: 'GET', url: '/api/v1/credentials', headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(asBearer.statusCode).toBe(401);
    expect(asBearer.json().detail).toMatch(/DPoP-bound/);
    expect((await get(tokens.access_token, {})).statusCode).toBe(401);
    // A bearer token is not presented as DPoP either.
    const plain = await client.clientCredentialsGrant(config);
    expect(plain.token_type).toBe('bearer');
    expect((await get(plain.access_token, { dpop: await proof(await holder(), { htm: 'GET', htu: CREDENTIALS, ath: ath(plain.access_token) }) })).statusCode).toBe(401);
  });

  it('attack: a replayed proof, a proof for another URL or method, without ath, too old, or by another key than the token’s is refused', async () => {
    const key = await holder();
    const issued = await tokenRequest({ dpop: await proof(key, { htm: 'POST', htu: `${BASE_URL}/oauth/token` }) });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json().token_type).toBe('DPoP');
    const token = issued.json().access_token as string;
    const good = await proof(key, { htm: 'GET', htu: CREDENTIALS, ath: ath(token) });
    expect((await get(token, { dpop: good })).statusCode).toBe(200);

    const refused = async (dpop: string | string[], why: RegExp) => {
      const res = await get(token, { dpop });
      expect(res.statusCode, res.body).toBe(401);
      expect(res.json().detail).toMatch(why);
    };
    await refused(good, /used already/);
    await refused(await proof(key, { htm: 'GET', htu: `${BASE_URL}/api/v1/issuers`, ath: ath(token) }), /htu/);
    await refused(await proof(key, { htm: 'POST', htu: CREDENTIALS, ath: ath(token) }), /htm/);
    await refused(await proof(key, { htm: 'GET', htu: CREDENTIALS }), /ath/);
    await refused(await proof(key, { htm: 'GET', htu: CREDENTIALS, ath: ath(token), iat: Math.floor(Date.now() / 1000) - 3600 }), /too old/);
    await refused(await proof(await holder(), { htm: 'GET', htu: CREDENTIALS, ath: ath(token) }), /bound to/);
    await refused([await proof(key, { htm: 'GET', htu: CREDENTIALS, ath: ath(token) }), await proof(key, { htm: 'GET', htu: CREDENTIALS, ath: ath(token) })], /exactly one/);

    // At the token endpoint: a replayed proof and one with the private key in its header are invalid_dpop_proof.
    const tokenProof = await proof(key, { htm: 'POST', htu: `${BASE_URL}/oauth/token` });
    expect((await tokenRequest({ dpop: tokenProof })).statusCode).toBe(200);
    const replayed = await tokenRequest({ dpop: tokenProof });
    expect(replayed.statusCode).toBe(400);
    expect(replayed.json()).toMatchObject({ error: 'invalid_dpop_proof' });
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const leaky = await new SignJWT({ jti: randomUUID(), htm: 'POST', htu: `${BASE_URL}/oauth/token`, iat: Math.floor(Date.now() / 1000) })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(privateKey) })
      .sign(privateKey);
    expect((await tokenRequest({ dpop: leaky })).json()).toMatchObject({ error: 'invalid_dpop_proof' });
  });
});
