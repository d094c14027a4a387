import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import type { Ed25519Signer } from '@digitalbazaar/ed25519-multikey';
import { base64url } from 'jose';
import { KeyError } from './errors.js';
import { isEd25519PublicKeyMultibase } from './did-key.js';

/**
 * An Ed25519 key pair in Multikey form. Plain strings, so the host can store the public part
 * as is and encrypt `secretKeyMultibase` at rest.
 */
export interface Ed25519KeyMaterial {
  type: 'Ed25519';
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

export async function generateEd25519KeyPair(): Promise<Ed25519KeyMaterial> {
  const pair = await Ed25519Multikey.generate();
  if (!pair.secretKeyMultibase) throw new KeyError('invalid-key', 'Ed25519 generation returned no secret key');
  return { type: 'Ed25519', publicKeyMultibase: pair.publicKeyMultibase, secretKeyMultibase: pair.secretKeyMultibase };
}

/** The signer Data Integrity proofs need; create once per key and reuse (it holds the imported key). */
export type DataIntegritySigner = Ed25519Signer;

/** An Ed25519 private key as an OKP JWK (`x` the public key, `d` the secret seed, base64url). */
export interface Ed25519PrivateJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  d: string;
}

/**
 * Imports an Ed25519 private key once and returns its signing function. The default uses
 * WebCrypto; a host may pass a faster one (the server passes node:crypto's synchronous `sign`).
 * Ed25519 is deterministic, so every importer gives the same signatures.
 */
export type Ed25519KeyImporter = (jwk: Ed25519PrivateJwk) => Promise<(data: Uint8Array) => Uint8Array | Promise<Uint8Array>>;

/** WebCrypto: a non-extractable key, `subtle.sign` per signature. */
export const webCryptoEd25519Importer: Ed25519KeyImporter = async (jwk) => {
  const key = await globalThis.crypto.subtle.importKey('jwk', jwk, { name: 'Ed25519' }, false, ['sign']);
  return async (data) => new Uint8Array(await globalThis.crypto.subtle.sign('Ed25519', key, data as Uint8Array<ArrayBuffer>));
};

export interface Ed25519SignerOptions {
  /** How the private key is imported and used (default {@link webCryptoEd25519Importer}). */
  importKey?: Ed25519KeyImporter | undefined;
}

/**
 * Imports a stored Ed25519 key for signing as `verificationMethod` (a did:key URL, or a did:web /
 * https URL that the issuer's controller document lists under assertionMethod).
 */
export async function createEd25519Signer(
  key: Pick<Ed25519KeyMaterial, 'publicKeyMultibase' | 'secretKeyMultibase'>,
  verificationMethod: string,
  options: Ed25519SignerOptions = {},
): Promise<DataIntegritySigner> {
  if (!isEd25519PublicKeyMultibase(key.publicKeyMultibase)) throw new KeyError('invalid-key', 'Not an Ed25519 multikey');
  try {
    const pair = await Ed25519Multikey.from({
      type: 'Multikey',
      id: verificationMethod,
      controller: verificationMethod.split('#')[0],
      publicKeyMultibase: key.publicKeyMultibase,
      secretKeyMultibase: key.secretKeyMultibase,
    });
    return await importedSigner(pair, options.importKey ?? webCryptoEd25519Importer);
  } catch (cause) {
    throw new KeyError('invalid-key', 'Ed25519 key material could not be imported', { cause });
  }
}

/**
 * The library's signer re-imports the raw secret for every signature (~0.5 ms); this one imports
 * it once (as a non-extractable WebCrypto key by default). Ed25519 is deterministic: same signatures.
 */
async function importedSigner(pair: MultikeyPair, importKey: Ed25519KeyImporter): Promise<DataIntegritySigner> {
  const reference = pair.signer();
  const sign = await importKey(await privateJwk(pair));
  return {
    id: reference.id,
    algorithm: reference.algorithm,
    sign: async ({ data }) => sign(data),
  };
}

type MultikeyPair = Awaited<ReturnType<typeof Ed25519Multikey.from>>;

/** The key pair of a Multikey as an OKP JWK. */
async function privateJwk(pair: MultikeyPair): Promise<Ed25519PrivateJwk> {
  const raw = await (pair as unknown as { export(o: object): Promise<{ publicKey: Uint8Array; secretKey: Uint8Array }> }).export({
    publicKey: true,
    secretKey: true,
    raw: true,
    canonicalize: true,
  });
  return { kty: 'OKP', crv: 'Ed25519', x: base64url.encode(raw.publicKey), d: base64url.encode(raw.secretKey) };
}

/** A non-extractable WebCrypto signing key of a Multikey pair. */
async function importPrivateKey(pair: MultikeyPair): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey('jwk', await privateJwk(pair), { name: 'Ed25519' }, false, ['sign']);
}

/** A stored Ed25519 key imported for JOSE (EdDSA), e.g. a VC-JWT signed under a did:key issuer. */
export async function importEd25519PrivateKey(key: Pick<Ed25519KeyMaterial, 'publicKeyMultibase' | 'secretKeyMultibase'>): Promise<CryptoKey> {
  if (!isEd25519PublicKeyMultibase(key.publicKeyMultibase)) throw new KeyError('invalid-key', 'Not an Ed25519 multikey');
  try {
    return await importPrivateKey(await Ed25519Multikey.from({ type: 'Multikey', publicKeyMultibase: key.publicKeyMultibase, secretKeyMultibase: key.secretKeyMultibase }));
  } catch (cause) {
    throw new KeyError('invalid-key', 'Ed25519 key material could not be imported', { cause });
  }
}

/** The public key as an OKP JWK (for JsonWebKey verification methods). */
export async function ed25519PublicJwk(publicKeyMultibase: string): Promise<Record<string, unknown>> {
  const pair = await Ed25519Multikey.from({ type: 'Multikey', publicKeyMultibase });
  return Ed25519Multikey.toJwk({ keyPair: pair });
}
