export { KeyError, type KeyErrorCode } from './errors.js';
export {
  didKeyDocument,
  didKeyFromPublicKeyMultibase,
  didKeyVerificationMethodId,
  isEd25519PublicKeyMultibase,
  multikeyCurve,
  multikeyDidKeyDocument,
  multikeyFromDidKey,
  multikeyVerificationMethod,
  publicKeyFromDidKey,
} from './did-key.js';
export {
  createEd25519Signer,
  ed25519PublicJwk,
  importEd25519PrivateKey,
  generateEd25519KeyPair,
  webCryptoEd25519Importer,
  type DataIntegritySigner,
  type Ed25519KeyImporter,
  type Ed25519KeyMaterial,
  type Ed25519PrivateJwk,
  type Ed25519SignerOptions,
} from './ed25519.js';
export {
  generateRsaKeyPair,
  importRsaPrivateKey,
  importRsaPublicKey,
  jwkThumbprint,
  publicJwkOf,
  publicJwkToPem,
  type RsaKeyMaterial,
} from './rsa.js';
export { buildControllerDocument, type PublishedJwk, type PublishedMultikey } from './controller-document.js';
export { asMultikeyMethod, verificationKeyOf, type KeyCurve, type VerificationKey } from './verification-key.js';
