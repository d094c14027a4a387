import { constants, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { MIN_RSA_BITS, hashBitsOf, keyTypeFor, type JwsAlgorithm, type JwsVerifier } from '@laurel/core';

/** node:crypto's names of the curves JWS algorithms need. */
const NODE_CURVES: Record<string, string> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1' };
const NODE_KEY_TYPES = { RSA: 'rsa', EC: 'ec', OKP: 'ed25519' } as const;

/** Why `key` cannot verify `alg` signatures (node's view of the key: type, curve, modulus), or undefined. */
function keyProblem(key: KeyObject, alg: JwsAlgorithm): string | undefined {
  if (key.type !== 'public') return 'not a public key';
  const wanted = keyTypeFor(alg);
  const type = NODE_KEY_TYPES[wanted.kty];
  if (key.asymmetricKeyType !== type) return `a ${String(key.asymmetricKeyType)} key cannot verify ${alg} (needs ${type})`;
  const details = key.asymmetricKeyDetails ?? {};
  if (wanted.kty === 'EC' && details.namedCurve !== NODE_CURVES[wanted.crv!]) return `a ${String(details.namedCurve)} key cannot verify ${alg} (needs ${wanted.crv})`;
  if (wanted.kty === 'RSA' && (details.modulusLength ?? 0) < MIN_RSA_BITS) return `${alg} needs an RSA key of at least ${MIN_RSA_BITS} bits`;
  return undefined;
}

/** The exact signature length of an ECDSA (raw r‖s) or EdDSA signature; RSA's is the modulus length. */
function signatureLength(alg: JwsAlgorithm, key: KeyObject): number {
  if (alg === 'ES256') return 64;
  if (alg === 'ES384') return 96;
  if (alg === 'EdDSA') return 64;
  return Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
}

const SPKI_HEADER = '-----BEGIN PUBLIC KEY-----';
const SPKI_MARKERS = /-----(?:BEGIN|END) PUBLIC KEY-----|\s/g;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * An SPKI PEM as jose's `importSPKI` reads it: the text starts with the PUBLIC KEY header, and its body
 * is the DER of a SubjectPublicKeyInfo. Never a private key, a certificate or a PKCS #1 key, which
 * node's `createPublicKey` would otherwise accept and turn into a public key.
 */
function spkiPublicKey(pem: string): KeyObject {
  if (!pem.startsWith(SPKI_HEADER)) throw new TypeError('publicKeyPem must be an SPKI PEM (-----BEGIN PUBLIC KEY-----)');
  const body = pem.replace(SPKI_MARKERS, '');
  if (!BASE64.test(body)) throw new TypeError('publicKeyPem is not base64 between its markers');
  return createPublicKey({ key: Buffer.from(body, 'base64'), format: 'der', type: 'spki' });
}

/** A key as imported: for one algorithm only, with the signature length that algorithm and key give. */
interface ImportedKey {
  alg: JwsAlgorithm;
  keyObject: KeyObject;
  signatureLength: number;
}

const isImported = (key: unknown): key is ImportedKey => typeof key === 'object' && key !== null && 'keyObject' in key && 'alg' in key;

/**
 * The JWS signature primitive on node:crypto: keys imported once as KeyObjects (Laurel caches them),
 * each signature checked by the synchronous `crypto.verify` (no thread-pool round trip, no promise
 * per check, unlike WebCrypto). RS: PKCS #1 v1.5; PS: PSS with MGF1 and a salt the length of the hash,
 * exactly; ES: IEEE P1363 (raw r‖s, the JWS form), never DER; EdDSA: Ed25519.
 */
export const nodeJwsVerifier: JwsVerifier = {
  importKey(material, alg) {
    const key = 'jwk' in material ? createPublicKey({ key: material.jwk as never, format: 'jwk' }) : spkiPublicKey(material.spki);
    const problem = keyProblem(key, alg);
    if (problem) throw new TypeError(problem);
    return { alg, keyObject: key, signatureLength: signatureLength(alg, key) } satisfies ImportedKey;
  },
  verify(alg, key, signingInput, signature) {
    // A key imported for another algorithm never verifies; nor does a signature of another length (truncated, padded, DER for raw).
    if (!isImported(key) || key.alg !== alg || signature.length !== key.signatureLength) return false;
    const { keyObject } = key;
    const hash = `sha${hashBitsOf(alg)}`;
    try {
      if (alg === 'EdDSA') return verify(null, signingInput, keyObject, signature);
      if (alg.startsWith('ES')) return verify(hash, signingInput, { key: keyObject, dsaEncoding: 'ieee-p1363' }, signature);
      if (alg.startsWith('PS')) return verify(hash, signingInput, { key: keyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: hashBitsOf(alg) / 8 }, signature);
      return verify(hash, signingInput, { key: keyObject, padding: constants.RSA_PKCS1_PADDING }, signature);
    } catch {
      return false;
    }
  },
};
