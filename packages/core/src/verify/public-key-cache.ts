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

function acceptedAlg(alg: string | undefined) {
  if (!isAcceptedJwsAlg(alg)) throw new TypeError(`JWS algorithm ${String(alg)} is not accepted`);
  return alg;
}

/**
 * The public key of `jwk` (private members dropped) for `alg`, imported once by `verifier`. The key
 * must suit the algorithm (`jwkProblemFor`). The cache key is the algorithm and every remaining
 * member, so different material never shares an entry; a failed import is not kept; the oldest
 * entry goes when the cache is full.
 */
export function importPublicJwk(jwk: JWK, alg: string | undefined, verifier: JwsVerifier = webCryptoJwsVerifier): Promise<unknown> {
  const accepted = acceptedAlg(alg);
  const pub = publicJwkOf(jwk);
  const id = `jwk\n${accepted}\n${JSON.stringify(Object.keys(pub).sort().map((member) => [member, (pub as Record<string, unknown>)[member]]))}`;
  return once(verifier, id, async () => {
    const problem = jwkProblemFor(pub, accepted);
    if (problem) throw new TypeError(problem);
    return verifier.importKey({ jwk: pub }, accepted);
  });
}

/** The public key of an SPKI PEM (an OB 2.0 CryptographicKey's `publicKeyPem`) for `alg`, imported once by `verifier`. */
export function importPublicPem(pem: string, alg: string, verifier: JwsVerifier = webCryptoJwsVerifier): Promise<unknown> {
  const accepted = acceptedAlg(alg);
  return once(verifier, `spki\n${accepted}\n${pem}`, async () => verifier.importKey({ spki: pem }, accepted));
}

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
