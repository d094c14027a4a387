import type { JWK } from 'jose';
import { publicJwkOf } from '../keys/rsa.js';
import { isAcceptedJwsAlg, jwkProblemFor, webCryptoJwsVerifier, type JwsVerifier } from './jws-verifier.js';

/**
 * Imported public keys, per verifier primitive, by algorithm and key material: an issuer's key is
 * imported once, not per verification.
 */
const importedBy = new WeakMap<JwsVerifier, Map<string, Promise<unknown>>>();
const MAX_KEYS = 512;
/** Key material longer than this (far beyond any RSA-8192 key) is imported each time, never kept: a hostile document cannot fill memory. */
const MAX_ID_LENGTH = 16_384;


/**
 * What decides the imported key and whether it suits `alg`: the public key members (kty, crv, n, e,
 * x, y; RFC 7518 § 6) and `use` / `alg`. Nothing else of a JWK changes the key a verifier imports.
 */
const KEY_MEMBERS = ['kty', 'crv', 'n', 'e', 'x', 'y', 'use', 'alg'] as const;

function jwkCacheId(jwk: JWK, alg: string): string {
  let id = `jwk\n${alg}`;
  for (const member of KEY_MEMBERS) {
    const value = (jwk as Record<string, unknown>)[member];
    // JSON of each value: a string can never pass for a number or an object, nor a member for another.
    id += `\n${value === undefined ? '' : JSON.stringify(value)}`;
  }
  return id;
}

/**
 * The public key of `jwk` (private members dropped) for `alg`, imported once by `verifier`. The key
 * must suit the algorithm (`jwkProblemFor`). The cache key is the algorithm and every member that
 * makes the key or its fitness (`KEY_MEMBERS`), so different material never shares an entry; a failed import is not kept; the oldest
 * entry goes when the cache is full.
 */
export function importPublicJwk(jwk: JWK, alg: string | undefined, verifier: JwsVerifier = webCryptoJwsVerifier): Promise<unknown> {
  if (!isAcceptedJwsAlg(alg)) return notAccepted(alg);
  const accepted = alg;
  return once(verifier, jwkCacheId(jwk, accepted), async () => {
    const pub = publicJwkOf(jwk);
    const problem = jwkProblemFor(pub, accepted);
    if (problem) throw new TypeError(problem);
    return verifier.importKey({ jwk: pub }, accepted);
  });
}

/** The public key of an SPKI PEM (an OB 2.0 CryptographicKey's `publicKeyPem`) for `alg`, imported once by `verifier`. */
export function importPublicPem(pem: string, alg: string, verifier: JwsVerifier = webCryptoJwsVerifier): Promise<unknown> {
  if (!isAcceptedJwsAlg(alg)) return notAccepted(alg);
  const accepted = alg;
  return once(verifier, `spki\n${accepted}\n${pem}`, async () => verifier.importKey({ spki: pem }, accepted));
}

const notAccepted = (alg: string | undefined) => Promise.reject(new TypeError(`JWS algorithm ${String(alg)} is not accepted`));

function once(verifier: JwsVerifier, id: string, load: () => Promise<unknown>): Promise<unknown> {
  if (id.length > MAX_ID_LENGTH) return load();
  let imported = importedBy.get(verifier);
  if (!imported) importedBy.set(verifier, (imported = new Map()));
  const known = imported.get(id);
  if (known) return known;
  const importing = load();
  imported.set(id, importing);
  const cache = imported;
  importing.catch(() => cache.delete(id));
  if (imported.size > MAX_KEYS) imported.delete(imported.keys().next().value!);
  return importing;
}
