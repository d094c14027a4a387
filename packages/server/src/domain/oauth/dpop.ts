import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import type { Deps } from '../deps.js';
import { sha256Hex } from '../shared/hash.js';
import { OAuthError } from './oauth-error.js';

/**
 * DPoP (RFC 9449): a client proves, with each request, that it holds the private key its tokens are bound
 * to. The proof is a JWT (`typ: dpop+jwt`) carrying the public key in its header and, in its claims, the
 * request's method (`htm`) and URL (`htu`), when it was made (`iat`), a unique `jti` and, at a resource,
 * the hash of the access token (`ath`). Server-provided nonces are not used (optional in RFC 9449 §8).
 */

/** The JWS algorithms a DPoP proof may use (metadata `dpop_signing_alg_values_supported`). */
export const DPOP_SIGNING_ALGS = ['ES256', 'ES384', 'EdDSA', 'Ed25519', 'RS256', 'PS256'] as const;
/** How old a proof may be, and how far in the future its `iat` may lie (clock skew), in seconds. */
export const DPOP_MAX_AGE_SECONDS = 300;
const DPOP_FUTURE_SKEW_SECONDS = 60;
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];

/** What a request shows for DPoP: every `DPoP` header it carries, its method and its URL (query and fragment are ignored). */
export interface DpopRequest {
  proofs: readonly string[];
  method: string;
  url: string;
}

/** An access token as a resource request presents it: the scheme, and the DPoP proof that goes with it. */
export interface PresentedAccessToken {
  value: string;
  scheme: 'Bearer' | 'DPoP';
  dpop?: DpopRequest | undefined;
}

type DpopDeps = Pick<Deps, 'store' | 'clock'>;

const withoutQuery = (url: string): string | undefined => {
  try {
    const u = new URL(url);
    u.search = '';
    u.hash = '';
    return u.href;
  } catch {
    return undefined;
  }
};

const accessTokenHash = (token: string): string => createHash('sha256').update(token, 'ascii').digest('base64url');

/**
 * Checks the one DPoP proof of a request (RFC 9449 §4.3) and answers the thumbprint of its key.
 * At a resource (`accessToken` given) the proof must carry the token's hash; errors there are 401s.
 */
export async function verifyDpopProof(deps: DpopDeps, request: DpopRequest, options: { accessToken?: string } = {}): Promise<string> {
  const atResource = options.accessToken !== undefined;
  const refuse = (why: string) => new OAuthError('invalid_dpop_proof', why, atResource ? 401 : 400);
  if (request.proofs.length !== 1) throw refuse(request.proofs.length === 0 ? 'send a DPoP proof in the DPoP header' : 'send exactly one DPoP header');
  const proof = request.proofs[0]!;
  if (proof.length > 8192) throw refuse('the DPoP proof is too large');
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    throw refuse('the DPoP proof is not a JWT');
  }
  if (header.typ !== 'dpop+jwt') throw refuse('the DPoP proof must have typ dpop+jwt');
  if (!header.alg || !(DPOP_SIGNING_ALGS as readonly string[]).includes(header.alg)) throw refuse(`the DPoP proof's alg must be one of ${DPOP_SIGNING_ALGS.join(', ')}`);
  const jwk = header.jwk as JWK | undefined;
  if (!jwk || typeof jwk !== 'object' || PRIVATE_JWK_MEMBERS.some((m) => m in jwk)) throw refuse('the DPoP proof must carry the public key (jwk) in its header, and no private key');
  let payload: Record<string, unknown>;
  try {
    const key = await importJWK(jwk, header.alg);
    ({ payload } = await jwtVerify(proof, key, { typ: 'dpop+jwt', algorithms: [...DPOP_SIGNING_ALGS], currentDate: deps.clock.now() }));
  } catch {
    throw refuse('the DPoP proof is not signed by the key in its header');
  }
  const { jti, htm, htu, iat, ath } = payload;
  if (typeof jti !== 'string' || jti.length < 8 || jti.length > 256) throw refuse('the DPoP proof needs a unique jti');
  if (htm !== request.method) throw refuse(`the DPoP proof's htm must be ${request.method}`);
  const target = withoutQuery(request.url);
  if (typeof htu !== 'string' || withoutQuery(htu) === undefined || withoutQuery(htu) !== target) throw refuse(`the DPoP proof's htu must be ${target}`);
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  if (typeof iat !== 'number' || iat < now - DPOP_MAX_AGE_SECONDS || iat > now + DPOP_FUTURE_SKEW_SECONDS) throw refuse('the DPoP proof is too old, or from the future: make a fresh one');
  if (atResource && ath !== accessTokenHash(options.accessToken!)) throw refuse("the DPoP proof's ath is not the hash of this access token");
  const jkt = await calculateJwkThumbprint(jwk, 'sha256');
  // A proof works once: the key's thumbprint and the jti, remembered for as long as the proof could be accepted.
  const expiresAt = new Date((iat + DPOP_MAX_AGE_SECONDS + DPOP_FUTURE_SKEW_SECONDS) * 1000).toISOString();
  if (!(await deps.store.dpopProofs.remember(sha256Hex(`${jkt}.${jti}`), expiresAt, deps.clock.now().toISOString()))) throw refuse('this DPoP proof was used already: make a fresh one for each request');
  return jkt;
}

/** At a token endpoint: the thumbprint to bind the new tokens to, when the request carries a DPoP proof; null for bearer tokens. */
export async function dpopBinding(deps: DpopDeps, request: DpopRequest | undefined): Promise<string | null> {
  if (!request || request.proofs.length === 0) return null;
  return verifyDpopProof(deps, request);
}

/**
 * At a resource: a bearer token is presented as `Bearer`; a DPoP-bound token only as `DPoP`, with a proof
 * by the key it is bound to (RFC 9449 §7) — so a stolen DPoP-bound token is useless as a bearer token.
 */
export async function confirmTokenBinding(deps: DpopDeps, boundJkt: string | null, presented: PresentedAccessToken): Promise<void> {
  if (boundJkt === null) {
    if (presented.scheme === 'DPoP') throw new OAuthError('invalid_token', 'this access token is not DPoP-bound: send it as Authorization: Bearer');
    return;
  }
  if (presented.scheme !== 'DPoP') throw new OAuthError('invalid_token', 'this access token is DPoP-bound: send it as Authorization: DPoP <token>, with a DPoP proof');
  const jkt = await verifyDpopProof(deps, presented.dpop ?? { proofs: [], method: '', url: '' }, { accessToken: presented.value });
  if (jkt !== boundJkt) throw new OAuthError('invalid_dpop_proof', 'the DPoP proof is not made with the key this access token is bound to', 401);
}
