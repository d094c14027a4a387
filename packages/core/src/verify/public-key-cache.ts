import { importJWK, importSPKI, type JWK, type KeyObject } from 'jose';
import { publicJwkOf } from '../keys/rsa.js';

type ImportedKey = CryptoKey | KeyObject | Uint8Array;

/** Imported public keys by algorithm and key material: an issuer's key is imported once, not per verification. */
const imported = new Map<string, Promise<ImportedKey>>();
const MAX_KEYS = 512;
/** Key material longer than this (far beyond any RSA-8192 key) is imported each time, never kept: a hostile document cannot fill memory. */
const MAX_ID_LENGTH = 16_384;

/**
 * The public key of `jwk` (private members dropped) for `alg`, imported once. The cache key is the
 * algorithm and every remaining member, so different material never shares an entry; a failed import
 * is not kept; the oldest entry goes when the cache is full.
 */
export function importPublicJwk(jwk: JWK, alg: string | undefined): Promise<ImportedKey> {
  const pub = publicJwkOf(jwk);
  const id = `jwk\n${alg ?? ''}\n${JSON.stringify(Object.keys(pub).sort().map((member) => [member, (pub as Record<string, unknown>)[member]]))}`;
  return once(id, () => importJWK(pub, alg));
}

/** The public key of an SPKI PEM (an OB 2.0 CryptographicKey's `publicKeyPem`) for `alg`, imported once. */
export function importPublicPem(pem: string, alg: string): Promise<ImportedKey> {
  return once(`spki\n${alg}\n${pem}`, () => importSPKI(pem, alg));
}

function once(id: string, load: () => Promise<ImportedKey>): Promise<ImportedKey> {
  if (id.length > MAX_ID_LENGTH) return load();
  const known = imported.get(id);
  if (known) return known;
  const importing = load();
  imported.set(id, importing);
  importing.catch(() => imported.delete(id));
  if (imported.size > MAX_KEYS) imported.delete(imported.keys().next().value!);
  return importing;
}
