import { isEnveloped, unwrapEnveloped, verifyCredential, verifyPresentation, type DocumentLoader, type JsonObject, type JwsVerifier, type PresentationReport, type VerificationReport } from '@laurel/core';
import type { Clock } from '../shared/ports.js';

export interface VerifierPorts {
  documentLoader: DocumentLoader;
  /** JSON of status lists, keys and OB 2.0 documents (own URLs locally, others through the guarded fetch). */
  fetchJson: (url: string) => Promise<unknown>;
  clock: Clock;
  /** The JWS signature primitive (production: node:crypto's). Default: core's WebCrypto one. */
  jwsVerifier?: JwsVerifier | undefined;
}

/** A compact JWS, optionally an SD-JWT (`~`-separated disclosures). */
const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(~[A-Za-z0-9_.-]*)*$/;

const coreOptions = (deps: VerifierPorts) => ({ documentLoader: deps.documentLoader, fetchJson: deps.fetchJson, now: () => deps.clock.now(), jwsVerifier: deps.jwsVerifier, expectedTypes: [] as string[] });

/**
 * W3C VC-API verify: the verification library's report for any credential, never an exception. An
 * `EnvelopedVerifiableCredential` (VC-JOSE-COSE, `data:application/vc+jwt,…`) is unwrapped first.
 */
export async function verifyVc(deps: VerifierPorts, input: { verifiableCredential: JsonObject | string; options?: { expectedProofPurpose?: unknown } | undefined }): Promise<VerificationReport> {
  let credential: JsonObject | string = input.verifiableCredential;
  // VC-API: a credential object, or a JWT (compact JWS, SD-JWT); JSON text in a string is not a credential.
  if (typeof credential === 'string' && !COMPACT.test(credential.trim())) {
    const reason = 'verifiableCredential must be an object, an EnvelopedVerifiableCredential or a JWT; a string of JSON text is not accepted';
    return { valid: false, format: 'unknown', checks: [{ name: 'format', ok: false, code: 'format-unrecognised', reason }] };
  }
  if (isEnveloped(credential, 'credential')) {
    const unwrapped = unwrapEnveloped(credential, 'credential');
    if (!unwrapped.ok) return { valid: false, format: 'unknown', checks: [{ name: 'format', ok: false, code: 'enveloped-invalid', params: { detail: unwrapped.detail }, reason: unwrapped.detail }] };
    credential = unwrapped.content;
  }
  // VC-API verifies any credential type, not only Open Badges.
  const expected = input.options?.expectedProofPurpose;
  return verifyCredential(credential, { ...coreOptions(deps), ...(typeof expected === 'string' ? { expectedProofPurpose: expected } : {}) });
}

export interface VerifyVpInput {
  verifiablePresentation: JsonObject | string;
  options?: { challenge?: string | undefined; domain?: string | undefined } | undefined;
}

/** W3C VC-API verify presentation: the presentation (proof, holder, challenge, domain) and every credential in it. */
export async function verifyVp(deps: VerifierPorts, input: VerifyVpInput): Promise<PresentationReport> {
  return verifyPresentation(input.verifiablePresentation, { ...coreOptions(deps), challenge: input.options?.challenge, domain: input.options?.domain });
}
