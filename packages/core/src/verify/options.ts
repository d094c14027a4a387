import type { JsonObject } from '../contexts/bundled.js';
import type { DocumentLoader } from '../contexts/document-loader.js';
import type { VerifyingSuiteRegistry } from '../proofs/verifying-suites.js';
import type { JwsVerifier } from './jws-verifier.js';

export interface VerifyOptions {
  /** Offline loader (contexts, did:key, injected DID resolver): see `createDocumentLoader`. */
  documentLoader: DocumentLoader;
  /** The verifier's clock. */
  now: () => Date;
  /**
   * Fetches JSON for status lists, `kid` JWKs and OB 2.0 key / badge / issuer documents. The host
   * supplies an SSRF-guarded fetch; without one, remote checks fail with a reason.
   */
  fetchJson?: ((url: string) => Promise<unknown>) | undefined;
  /**
   * Like `fetchJson`, also telling where the document finally came from (after redirects). OB 2.0
   * documents are bound to the URL that links them: with this, a redirect to another origin is
   * refused; without it, OB 2.0 reads go through `fetchJson`, whose redirects the host must keep on
   * the origin.
   */
  fetchDocument?: ((url: string) => Promise<{ url: string; json: unknown }>) | undefined;
  /**
   * The signature primitive for JWS-secured credentials (VC-JWT, VC-JOSE-COSE, SD-JWT VC, OB 2.0 JWS).
   * Laurel applies every JWS rule itself; the host may pass a faster primitive (the server passes
   * node:crypto's synchronous verify). Default: WebCrypto (`webCryptoJwsVerifier`).
   */
  jwsVerifier?: JwsVerifier | undefined;
  /** The embedded-proof suites to verify with; default: every suite Laurel ships (`createVerifyingSuiteRegistry()`). */
  proofSuites?: VerifyingSuiteRegistry | undefined;
  /** Credential types accepted besides VerifiableCredential; default: the OB 3.0 credential types. */
  expectedTypes?: readonly string[] | undefined;
  /**
   * The proof purpose the caller expects (VC-API `options.expectedProofPurpose`). A credential's Data
   * Integrity proof must be `assertionMethod` whatever is asked, so any other value fails every proof.
   */
  expectedProofPurpose?: string | undefined;
  /**
   * SD-JWT VC holder key binding: with a `nonce` or `audience` (or `required`), an SD-JWT must carry
   * a key binding JWT with exactly these values, signed by the holder key in its `cnf` claim. A
   * key binding JWT that is present is always verified.
   */
  keyBinding?: { nonce?: string | undefined; audience?: string | undefined; required?: boolean | undefined } | undefined;
  /** Internal: do not follow credentialStatus (used when verifying a status list credential). */
  skipStatus?: boolean | undefined;
  /**
   * Internal: issuers' controller documents read during this verification, by issuer id, so that a
   * credential and its status lists read each issuer's document once. Made by `verifyCredential`.
   */
  issuerDocuments?: Map<string, Promise<JsonObject>> | undefined;
}

export const OB3_CREDENTIAL_TYPES = ['OpenBadgeCredential', 'AchievementCredential', 'EndorsementCredential'] as const;
