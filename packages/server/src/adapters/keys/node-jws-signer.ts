import { KeyObject, constants, createPrivateKey, sign } from 'node:crypto';
import type { JwsSigner } from '@laurel/core';

/**
 * The JWS signature primitive on node:crypto: keys are private `KeyObject`s imported once (Laurel caches
 * them per key generation), each signature one synchronous `crypto.sign` (no thread-pool round trip and
 * no promise, unlike WebCrypto). RS256: RSASSA-PKCS1-v1_5 with SHA-256; EdDSA: Ed25519. Both are
 * deterministic: the bytes are the same as WebCrypto's for the same key.
 */
export const nodeJwsSigner: JwsSigner = {
  sign(alg, key, signingInput) {
    if (!(key instanceof KeyObject) || key.type !== 'private') throw new TypeError('the node:crypto JWS signer needs a private KeyObject');
    if (alg === 'EdDSA') {
      if (key.asymmetricKeyType !== 'ed25519') throw new TypeError(`a ${String(key.asymmetricKeyType)} key cannot sign EdDSA`);
      return sign(null, signingInput, key);
    }
    if (key.asymmetricKeyType !== 'rsa') throw new TypeError(`a ${String(key.asymmetricKeyType)} key cannot sign ${alg}`);
    return sign('sha256', signingInput, { key, padding: constants.RSA_PKCS1_PADDING });
  },
};

/** A stored RSA private JWK as a node:crypto KeyObject (for `nodeJwsSigner`). */
export function importRsaKeyObject(privateJwk: Record<string, unknown>): KeyObject {
  if (privateJwk.kty !== 'RSA' || typeof privateJwk.d !== 'string') throw new TypeError('not an RSA private JWK');
  return createPrivateKey({ key: privateJwk as never, format: 'jwk' });
}

/** A WebCrypto private key (e.g. core's `importEd25519PrivateKey`) as the KeyObject `nodeJwsSigner` takes. */
export const keyObjectOf = (key: CryptoKey): KeyObject => KeyObject.from(key);
