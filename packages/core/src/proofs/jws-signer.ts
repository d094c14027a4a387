import { base64url as b64 } from 'jose';
import { SigningError } from './errors.js';

/** The JOSE algorithms Laurel signs with: RS256 (VC-JWT under did:web, OB 2.0 JWS), EdDSA (VC-JWT under did:key). */
export type JwsSigningAlgorithm = 'RS256' | 'EdDSA';

/**
 * The signature primitive of JWS signing, passed in by the host with the keys it imported
 * (`SigningKeys.jwsSigner`), as verification takes a `JwsVerifier`. Laurel builds the compact form
 * itself; the primitive only signs bytes: RS256 is RSASSA-PKCS1-v1_5 with SHA-256, EdDSA is Ed25519.
 * Both are deterministic, so a form signed twice by one key is the same string.
 */
export interface JwsSigner {
  sign(alg: JwsSigningAlgorithm, key: unknown, signingInput: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** The platform-free primitive, the default: keys are WebCrypto `CryptoKey`s, each signature one `crypto.subtle.sign`. */
export const webCryptoJwsSigner: JwsSigner = {
  async sign(alg, key, signingInput) {
    const params = alg === 'RS256' ? { name: 'RSASSA-PKCS1-v1_5' } : { name: 'Ed25519' };
    return new Uint8Array(await globalThis.crypto.subtle.sign(params, key as CryptoKey, signingInput as Uint8Array<ArrayBuffer>));
  },
};

const base64url = (bytes: Uint8Array): string => b64.encode(bytes);

/**
 * A compact JWS (RFC 7515 § 7.1): BASE64URL(protected header) . BASE64URL(payload) . BASE64URL(signature).
 * The header is serialised in its own key order, as jose's `CompactSign` does.
 */
export async function signCompactJws(
  header: { alg: JwsSigningAlgorithm } & Record<string, string>,
  payload: Uint8Array,
  key: unknown,
  signer: JwsSigner = webCryptoJwsSigner,
): Promise<string> {
  const signingInput = `${base64url(new TextEncoder().encode(JSON.stringify(header)))}.${base64url(payload)}`;
  let signature: Uint8Array;
  try {
    signature = await signer.sign(header.alg, key, new TextEncoder().encode(signingInput));
  } catch (cause) {
    throw new SigningError('signing-failed', `${header.alg} signing failed`, { cause });
  }
  return `${signingInput}.${base64url(signature)}`;
}
