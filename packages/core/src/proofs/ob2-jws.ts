import type { JsonObject } from '../contexts/bundled.js';
import type { DocumentLoader } from '../contexts/document-loader.js';
import { assertTermsDefined, type TermsCheck } from './defined-terms.js';
import { SigningError } from './errors.js';
import { signCompactJws, type JwsSigner } from './jws-signer.js';

export const OB2_JWS = 'ob2-jws';

export interface Ob2JwsSignOptions {
  /** The RSA private key (`importRsaPrivateKey`), or the key `signer` takes. */
  privateKey: unknown;
  /** The signature primitive `privateKey` is for; default WebCrypto. */
  signer?: JwsSigner | undefined;
  /** URL of the issuer's OB 2.0 CryptographicKey document; becomes `verification.creator`. */
  creator: string;
  documentLoader: DocumentLoader;
  /** Replaces the JSON-LD safe-mode expansion check (e.g. with one that caches per achievement). */
  checkTerms?: TermsCheck | undefined;
}

/**
 * OB 2.0 signed assertion: a compact JWS (RS256) whose payload is the Assertion JSON with
 * `verification: { type: "signed", creator }`. The caller's assertion is not mutated.
 */
export async function signOb2Assertion(assertion: JsonObject, options: Ob2JwsSignOptions): Promise<string> {
  if (typeof assertion.id !== 'string') throw new SigningError('invalid-document', 'assertion id is required');
  const signedForm = { ...structuredClone(assertion), verification: { type: 'signed', creator: options.creator } };
  await (options.checkTerms ?? assertTermsDefined)(signedForm, options.documentLoader);
  const payload = new TextEncoder().encode(JSON.stringify(signedForm));
  return signCompactJws({ alg: 'RS256' }, payload, options.privateKey, options.signer);
}
