import { createHash, randomBytes } from 'node:crypto';
import { clientAuthenticationAnonymous, type CallbackContext, type JwtSigner, type JwtSignerJwk } from '@openid4vc/oauth2';
import { Openid4vciClient } from '@openid4vc/openid4vci';
import type { FastifyInstance } from 'fastify';
import { SignJWT, exportJWK, generateKeyPair, type JWK, type JWTHeaderParameters } from 'jose';

/**
 * `fetch` for an independent client talking to the app without a port: requests to `origin` go through
 * `app.inject`, anything else fails like an unreachable host.
 */
export function fetchThroughInject(app: FastifyInstance, origin: string): typeof fetch {
  return async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.origin !== origin) throw new TypeError(`fetch failed: ${url.origin} is not reachable`);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => (headers[key] = value));
    const body = init?.body;
    let payload: string | undefined;
    if (body instanceof URLSearchParams) {
      payload = body.toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    } else if (typeof body === 'string') payload = body;
    else if (body != null) throw new TypeError('fetchThroughInject: only string and URLSearchParams bodies');
    const res = await app.inject({ method: (init?.method ?? 'GET') as 'GET', url: url.pathname + url.search, headers, ...(payload === undefined ? {} : { payload }) });
    const out = new Headers();
    for (const [key, value] of Object.entries(res.headers)) if (value !== undefined) out.set(key, Array.isArray(value) ? value.join(', ') : String(value));
    return new Response(res.statusCode === 204 ? null : new Uint8Array(res.rawPayload), { status: res.statusCode, headers: out });
  };
}

/** A wallet's own key: a did:key (Ed25519) or a bare P-256 JWK, as the JwtSigner the client library takes. */
export interface WalletKey {
  signer: JwtSigner;
  privateKey: CryptoKey;
  publicJwk: JWK;
  /** The DID the credential should name: the did:key, or the did:jwk of the JWK. */
  holder: string;
}

export async function didKeyWallet(): Promise<WalletKey> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const publicJwk = await exportJWK(publicKey);
  // did:key (its spec): multibase base58btc of the multicodec ed25519-pub (0xed 0x01) and the raw key.
  const multikey = `z${base58btc(Buffer.concat([Buffer.from([0xed, 0x01]), Buffer.from(publicJwk.x!, 'base64url')]))}`;
  const did = `did:key:${multikey}`;
  return { signer: { method: 'did', didUrl: `${did}#${multikey}`, alg: 'EdDSA' }, privateKey, publicJwk, holder: did };
}

export async function jwkWallet(): Promise<WalletKey> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  // did:jwk (its spec): the JWK's JSON, base64url; the key's own members in the order RFC 7638 gives.
  const holder = `did:jwk:${Buffer.from(JSON.stringify({ crv: publicJwk.crv, kty: publicJwk.kty, x: publicJwk.x, y: publicJwk.y })).toString('base64url')}`;
  return { signer: { method: 'jwk', publicJwk: publicJwk as never, alg: 'ES256' }, privateKey, publicJwk, holder };
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58btc(bytes: Uint8Array): string {
  let n = BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
  let out = '';
  while (n > 0n) {
    out = BASE58[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = `1${out}`;
  }
  return out;
}

/** An OpenID4VCI wallet: the `@openid4vc/openid4vci` client with jose doing its signing. */
export function walletClient(fetchImpl: typeof fetch, keys: WalletKey[], clientAuthentication: CallbackContext['clientAuthentication'] = clientAuthenticationAnonymous()): Openid4vciClient {
  const callbacks: Omit<CallbackContext, 'verifyJwt' | 'decryptJwe' | 'encryptJwe'> = {
    fetch: fetchImpl,
    hash: (data, alg) => new Uint8Array(createHash(alg.replace('-', '').toLowerCase()).update(data).digest()),
    generateRandom: (bytes) => new Uint8Array(randomBytes(bytes)),
    clientAuthentication,
    signJwt: async (signer, { header, payload }) => {
      const key = keys.find((k) => (signer.method === 'did' && k.signer.method === 'did' && k.signer.didUrl === signer.didUrl) || (signer.method === 'jwk' && k.publicJwk.x === signer.publicJwk.x));
      if (!key) throw new Error('the wallet has no such key');
      const jwt = await new SignJWT(payload as never).setProtectedHeader(header as JWTHeaderParameters).sign(key.privateKey);
      return { jwt, signerJwk: key.publicJwk as never };
    },
  };
  return new Openid4vciClient({ callbacks });
}

/**
 * What a wallet does with an offer link: resolve it, get a token (with the tx_code), then each offered
 * credential bound to `key`; with `dpop` (a jwk key the client also holds), the token is DPoP-bound to it.
 */
export async function receiveOffer(client: Openid4vciClient, offerUri: string, key: WalletKey, options: { txCode?: string; dpop?: WalletKey } = {}) {
  const credentialOffer = await client.resolveCredentialOffer(offerUri);
  const issuerMetadata = await client.resolveIssuerMetadata(credentialOffer.credential_issuer);
  const dpop = options.dpop ? { dpop: { signer: options.dpop.signer as JwtSignerJwk } } : {};
  const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer, issuerMetadata, ...(options.txCode ? { txCode: options.txCode } : {}), ...dpop });
  const received: Record<string, unknown> = {};
  for (const credentialConfigurationId of credentialOffer.credential_configuration_ids) {
    const { c_nonce } = await client.requestNonce({ issuerMetadata });
    const proof = await client.createCredentialRequestJwtProof({ issuerMetadata, credentialConfigurationId, nonce: c_nonce, signer: key.signer });
    const response = await client.retrieveCredentials({ issuerMetadata, accessToken: accessTokenResponse.access_token, credentialConfigurationId, proofs: { jwt: [proof.jwt] }, ...dpop });
    const [first] = response.credentialResponse.credentials ?? [];
    received[credentialConfigurationId] = typeof first === 'object' && first !== null && 'credential' in first ? first.credential : first;
  }
  return { credentialOffer, issuerMetadata, accessToken: accessTokenResponse.access_token, tokenType: accessTokenResponse.token_type, received };
}
