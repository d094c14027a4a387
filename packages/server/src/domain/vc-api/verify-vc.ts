import { verifyCredential, type DocumentLoader, type JsonObject, type VerificationReport } from '@laurel/core';
import type { Clock } from '../shared/ports.js';

export interface VerifierPorts {
  documentLoader: DocumentLoader;
  /** JSON of status lists, keys and OB 2.0 documents (own URLs locally, others through the guarded fetch). */
  fetchJson: (url: string) => Promise<unknown>;
  clock: Clock;
}

/** W3C VC-API verify: the verification library's report for any credential, never an exception. */
export async function verifyVc(deps: VerifierPorts, input: { verifiableCredential: JsonObject | string }): Promise<VerificationReport> {
  // VC-API verifies any credential type, not only Open Badges.
  return verifyCredential(input.verifiableCredential as JsonObject, { documentLoader: deps.documentLoader, fetchJson: deps.fetchJson, now: () => deps.clock.now(), expectedTypes: [] });
}
