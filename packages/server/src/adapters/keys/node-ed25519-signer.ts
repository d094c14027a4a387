import { createPrivateKey, sign } from 'node:crypto';
import type { Ed25519KeyImporter } from '@laurel/core';

/**
 * Ed25519 signing with node:crypto: the key is imported once as a KeyObject and each signature is
 * one synchronous `crypto.sign` (WebCrypto's `subtle.sign` costs about twice the CPU, most of it
 * in its promise job machinery). Ed25519 is deterministic: the signatures are WebCrypto's.
 */
export const nodeEd25519Importer: Ed25519KeyImporter = async (jwk) => {
  const key = createPrivateKey({ key: { ...jwk }, format: 'jwk' });
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError(`not an Ed25519 key: ${String(key.asymmetricKeyType)}`);
  return (data) => new Uint8Array(sign(null, data, key));
};
