import type { JsonObject } from '../contexts/bundled.js';
import type { DocumentLoader } from '../contexts/document-loader.js';

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
  /** Credential types accepted besides VerifiableCredential; default: the OB 3.0 credential types. */
  expectedTypes?: readonly string[] | undefined;
  /** Internal: do not follow credentialStatus (used when verifying a status list credential). */
  skipStatus?: boolean | undefined;
  /**
   * Internal: issuers' controller documents read during this verification, by issuer id, so that a
   * credential and its status lists read each issuer's document once. Made by `verifyCredential`.
   */
  issuerDocuments?: Map<string, Promise<JsonObject>> | undefined;
}

export const OB3_CREDENTIAL_TYPES = ['OpenBadgeCredential', 'AchievementCredential', 'EndorsementCredential'] as const;
