import { importJWK, importSPKI, type JWK } from 'jose';
import { fromBase64Url } from '../status/base64url.js';

/** Asymmetric algorithms accepted in headers; `none` and HMAC (HS*) never are. */
export const ACCEPTED_JWS_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'] as const;

export type JwsAlgorithm = (typeof ACCEPTED_JWS_ALGS)[number];

export function isAcceptedJwsAlg(alg: unknown): alg is JwsAlgorithm {
  return typeof alg === 'string' && (ACCEPTED_JWS_ALGS as readonly string[]).includes(alg);
}

/** A public key as a document gives it: a JWK (private members already dropped) or an SPKI PEM (OB 2.0 `publicKeyPem`). */
export type PublicKeyMaterial = { jwk: JWK } | { spki: string };

/**
 * The signature primitive of JWS verification, passed in by the host (`VerifyOptions.jwsVerifier`).
 * Laurel applies every JWS rule itself (compact form, protected header, `crit`, the algorithm
 * allow-list, the key type, curve and size for the algorithm) and imports each key once per
 * verifier; the primitive only turns key material into a key and checks bytes.
 *
 * - `importKey` throws when the material is no public key of the type `alg` needs (RSA of at least
 *   2048 bits for RS and PS, P-256 / P-384 for ES256 / ES384, Ed25519 for EdDSA);
 * - `verify` says whether `signature` (JWS form: raw r‖s for ECDSA) holds over `signingInput`,
 *   with RSASSA-PKCS1-v1_5 for RS, RSA-PSS with a salt the length of the hash for PS. It returns
 *   false, never throws, for a signature of the wrong length or encoding.
 */
export interface JwsVerifier {
  importKey(material: PublicKeyMaterial, alg: JwsAlgorithm): unknown;
  verify(alg: JwsAlgorithm, key: unknown, signingInput: Uint8Array, signature: Uint8Array): boolean | Promise<boolean>;
}

export const MIN_RSA_BITS = 2048;

const HASH_BITS: Record<JwsAlgorithm, number> = { RS256: 256, RS384: 384, RS512: 512, PS256: 256, PS384: 384, PS512: 512, ES256: 256, ES384: 384, EdDSA: 0 };

/** The key type and curve each algorithm needs (RFC 7518 § 3, RFC 8037). */
export function keyTypeFor(alg: JwsAlgorithm): { kty: 'RSA' | 'EC' | 'OKP'; crv?: 'P-256' | 'P-384' | 'Ed25519' } {
  if (alg.startsWith('RS') || alg.startsWith('PS')) return { kty: 'RSA' };
  if (alg === 'ES256') return { kty: 'EC', crv: 'P-256' };
  if (alg === 'ES384') return { kty: 'EC', crv: 'P-384' };
  return { kty: 'OKP', crv: 'Ed25519' };
}

export function hashBitsOf(alg: JwsAlgorithm): number {
  return HASH_BITS[alg];
}

/** The bit length of an RSA modulus given as base64url (leading zero bits not counted). */
function modulusBits(n: string): number {
  const bytes = fromBase64Url(n);
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i) * 8 - Math.clz32(bytes[i]!) + 24;
}

/**
 * Why the public JWK cannot verify `alg` signatures, or undefined when it can: its `kty` (and `crv`)
 * must be the algorithm's, an RSA modulus at least 2048 bits, and `use` / `alg`, when the key
 * states them, `sig` and this algorithm (RFC 7517 § 4.2, 4.4).
 */
export function jwkProblemFor(jwk: JWK, alg: JwsAlgorithm): string | undefined {
  const wanted = keyTypeFor(alg);
  if (jwk.kty !== wanted.kty) return `a ${String(jwk.kty)} key cannot verify ${alg} (needs ${wanted.kty})`;
  if (wanted.crv && jwk.crv !== wanted.crv) return `a ${String(jwk.crv)} key cannot verify ${alg} (needs ${wanted.crv})`;
  if (jwk.use !== undefined && jwk.use !== 'sig') return `the key's use is ${String(jwk.use)}, not sig`;
  if (jwk.alg !== undefined && jwk.alg !== alg) return `the key is for ${String(jwk.alg)}, not ${alg}`;
  if (wanted.kty === 'RSA') {
    if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') return 'the RSA key has no modulus or exponent';
    if (modulusBits(jwk.n) < MIN_RSA_BITS) return `${alg} needs an RSA key of at least ${MIN_RSA_BITS} bits`;
  }
  return undefined;
}

const RSA_PKCS1 = 'RSASSA-PKCS1-v1_5';

function webCryptoParams(alg: JwsAlgorithm): AlgorithmIdentifier | RsaPssParams | EcdsaParams {
  const hash = `SHA-${hashBitsOf(alg)}`;
  if (alg.startsWith('RS')) return { name: RSA_PKCS1, hash } as AlgorithmIdentifier;
  if (alg.startsWith('PS')) return { name: 'RSA-PSS', saltLength: hashBitsOf(alg) / 8 };
  if (alg.startsWith('ES')) return { name: 'ECDSA', hash };
  return { name: 'Ed25519' };
}

/**
 * The platform-free primitive (WebCrypto through jose's importers), the default when the host passes
 * none: every check above, each signature one asynchronous `crypto.subtle.verify`.
 */
export const webCryptoJwsVerifier: JwsVerifier = {
  async importKey(material, alg) {
    const key = 'jwk' in material ? await importJWK(material.jwk, alg) : await importSPKI(material.spki, alg);
    if (!(key instanceof CryptoKey)) throw new TypeError('not an asymmetric public key');
    const modulus = (key.algorithm as Partial<RsaHashedKeyAlgorithm>).modulusLength;
    if (keyTypeFor(alg).kty === 'RSA' && (modulus === undefined || modulus < MIN_RSA_BITS)) throw new TypeError(`${alg} needs an RSA key of at least ${MIN_RSA_BITS} bits`);
    return key;
  },
  async verify(alg, key, signingInput, signature) {
    try {
      return await globalThis.crypto.subtle.verify(webCryptoParams(alg), key as CryptoKey, signature as Uint8Array<ArrayBuffer>, signingInput as Uint8Array<ArrayBuffer>);
    } catch {
      return false;
    }
  },
};
