import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { base64url, decodeProtectedHeader, errors as joseErrors, importJWK, jwtVerify, type JWK } from 'jose';
import { multikeyCurve, multikeyFromDidKey } from '../keys/did-key.js';

/** OpenID4VCI 1.0 Appendix F.1: the `typ` of a key proof JWT. */
export const PROOF_JWT_TYPE = 'openid4vci-proof+jwt';

/** Key proof algorithms Laurel verifies, by the curve each needs. */
const CURVE_OF_ALG = { EdDSA: 'Ed25519', Ed25519: 'Ed25519', ES256: 'P-256', ES384: 'P-384' } as const;
export const HOLDER_PROOF_ALGS = Object.keys(CURVE_OF_ALG) as (keyof typeof CURVE_OF_ALG)[];
type Curve = (typeof CURVE_OF_ALG)[keyof typeof CURVE_OF_ALG];

/** Cryptographic binding methods a holder may prove (the Credential Issuer metadata names them). */
export const HOLDER_BINDING_METHODS = ['did:key', 'did:jwk', 'jwk'] as const;

/** The largest key proof read (a few hundred bytes is usual). */
const MAX_PROOF_LENGTH = 8192;

export interface HolderProofExpectations {
  /** The Credential Issuer Identifier: the proof's `aud` must be it. */
  audience: string;
  now: Date;
  /** How old `iat` may be. */
  maxAgeSeconds: number;
  /** Tolerated clock difference either way. */
  clockSkewSeconds: number;
}

export type HolderProof =
  | { ok: true; holder: string; nonce: string | undefined; publicJwk: JWK }
  | { ok: false; detail: string };

const fail = (detail: string): HolderProof => ({ ok: false, detail });

/** did:jwk of a public key: the key's required members (RFC 7638 order), JSON, base64url. */
export function didJwkOf(jwk: JWK): string {
  const members = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
  return `did:jwk:${base64url.encode(JSON.stringify(members))}`;
}

function curveOfJwk(jwk: JWK): Curve | undefined {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'Ed25519';
  if (jwk.kty === 'EC' && (jwk.crv === 'P-256' || jwk.crv === 'P-384')) return jwk.crv;
  return undefined;
}

/** A public JWK with only the members that describe the key (no `d`, no `use`/`key_ops` surprises). */
function publicOnly(value: unknown): JWK | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const jwk = value as Record<string, unknown>;
  if ('d' in jwk || typeof jwk.kty !== 'string' || typeof jwk.crv !== 'string' || typeof jwk.x !== 'string') return undefined;
  if (jwk.kty === 'EC' && typeof jwk.y !== 'string') return undefined;
  return jwk.kty === 'EC' ? { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y as string } : { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
}

async function jwkOfMultikey(publicKeyMultibase: string): Promise<JWK> {
  const curve = multikeyCurve(publicKeyMultibase);
  if (curve === 'Ed25519') return publicOnly(await Ed25519Multikey.toJwk({ keyPair: await Ed25519Multikey.from({ type: 'Multikey', publicKeyMultibase }) }))!;
  const pair = await EcdsaMultikey.from({ type: 'Multikey', publicKeyMultibase });
  return publicOnly(await EcdsaMultikey.toJwk({ keyPair: pair }))!;
}

/** The holder's DID and public key the header names: `kid` (did:key or did:jwk URL) or `jwk`; never both, nothing else. */
async function namedKey(header: Record<string, unknown>): Promise<{ holder: string; jwk: JWK } | string> {
  const named = ['kid', 'jwk', 'x5c', 'trust_chain'].filter((k) => header[k] !== undefined);
  if (named.length !== 1) return 'the proof header must name its key with exactly one of kid or jwk';
  if (header.jwk !== undefined) {
    const jwk = publicOnly(header.jwk);
    if (!jwk || !curveOfJwk(jwk)) return 'jwk must be a public Ed25519, P-256 or P-384 key';
    return { holder: didJwkOf(jwk), jwk };
  }
  if (typeof header.kid !== 'string') return 'the key must be named by kid (a did:key or did:jwk URL) or jwk; x5c and trust_chain are not supported';
  const kid = header.kid;
  if (kid.startsWith('did:key:')) {
    const key = multikeyFromDidKey(kid);
    if (!key || !kid.includes('#')) return 'kid must be a did:key URL of an Ed25519, P-256 or P-384 key (did:key:<key>#<key>)';
    return { holder: `did:key:${key}`, jwk: await jwkOfMultikey(key) };
  }
  const didJwk = /^did:jwk:([A-Za-z0-9_-]+)#0$/.exec(kid);
  if (didJwk) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(base64url.decode(didJwk[1]!)));
    } catch {
      return 'the did:jwk in kid does not hold a JWK';
    }
    const jwk = publicOnly(parsed);
    if (!jwk || !curveOfJwk(jwk)) return 'the did:jwk in kid must hold a public Ed25519, P-256 or P-384 key';
    return { holder: didJwkOf(jwk), jwk };
  }
  return 'kid must be a did:key or did:jwk URL';
}

function describe(error: unknown): string {
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `${error.claim}: ${error.message}`;
  if (error instanceof joseErrors.JWTExpired) return error.claim === 'iat' ? 'iat: the proof is too old' : 'exp: the proof has expired';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the signature does not verify with the key the proof names';
  if (error instanceof joseErrors.JOSEError) return error.message;
  return 'the proof could not be verified';
}

/**
 * Verify an OpenID4VCI key proof of type `jwt` (1.0 Appendix F.1): `typ` openid4vci-proof+jwt, an
 * asymmetric algorithm Laurel knows, exactly one key (a did:key or did:jwk `kid`, or a public `jwk`)
 * whose curve fits the algorithm, a signature by that very key, `aud` = the Credential Issuer, a
 * recent `iat`. Returns the holder's DID (a `jwk` becomes its did:jwk) and the `nonce`, which the
 * caller checks against the ones it issued. Never throws.
 */
export async function verifyHolderProof(jwt: unknown, expected: HolderProofExpectations): Promise<HolderProof> {
  if (typeof jwt !== 'string' || jwt.length > MAX_PROOF_LENGTH || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(jwt)) {
    return fail('the proof must be a compact JWS');
  }
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(jwt) as Record<string, unknown>;
  } catch {
    return fail('the proof header is not readable');
  }
  const typ = typeof header.typ === 'string' ? header.typ.replace(/^application\//i, '') : undefined;
  if (typ !== PROOF_JWT_TYPE) return fail(`the proof typ must be ${PROOF_JWT_TYPE}`);
  const alg = header.alg as keyof typeof CURVE_OF_ALG;
  if (typeof alg !== 'string' || !Object.hasOwn(CURVE_OF_ALG, alg)) return fail(`alg must be one of ${HOLDER_PROOF_ALGS.join(', ')}`);
  if (header.crit !== undefined) return fail('no critical header parameter is understood');
  try {
    const key = await namedKey(header);
    if (typeof key === 'string') return fail(key);
    if (curveOfJwk(key.jwk) !== CURVE_OF_ALG[alg]) return fail(`alg ${alg} does not fit a ${String(key.jwk.crv)} key`);
    const { payload } = await jwtVerify(jwt, await importJWK(key.jwk, alg), {
      algorithms: [alg],
      audience: expected.audience,
      requiredClaims: ['aud', 'iat'],
      maxTokenAge: expected.maxAgeSeconds,
      clockTolerance: expected.clockSkewSeconds,
      currentDate: expected.now,
    });
    if (typeof payload.iat === 'number' && payload.iat > expected.now.getTime() / 1000 + expected.clockSkewSeconds) return fail('iat is in the future');
    if (payload.nonce !== undefined && typeof payload.nonce !== 'string') return fail('nonce must be a string');
    return { ok: true, holder: key.holder, nonce: payload.nonce as string | undefined, publicJwk: key.jwk };
  } catch (error) {
    return fail(describe(error));
  }
}
