import { verifyCredential, type DocumentLoader, type JsonObject, type VerificationReport } from '@laurel/core';
import { AppError } from '../shared/errors.js';
import type { Clock } from '../shared/ports.js';

export interface VerifierPorts {
  documentLoader: DocumentLoader;
  /** JSON of status lists, keys and OB 2.0 documents (own URLs locally, others through the guarded fetch). */
  fetchJson: (url: string) => Promise<unknown>;
  clock: Clock;
}

/** W3C VC-API verify: the verification library's report for any credential, never an exception. */
export async function verifyVc(deps: VerifierPorts, input: { verifiableCredential: JsonObject | string }): Promise<VerificationReport> {
  refuseJsonText(input.verifiableCredential);
  // VC-API verifies any credential type, not only Open Badges.
  return verifyCredential(input.verifiableCredential as JsonObject, { documentLoader: deps.documentLoader, fetchJson: deps.fetchJson, now: () => deps.clock.now(), expectedTypes: [] });
}

/**
 * A credential is sent as a JSON object, or as a compact JWS / JWT (a string of base64url parts).
 * JSON text inside the string is refused: what was verified must be what the request says it is.
 */
function refuseJsonText(credential: JsonObject | string): void {
  if (typeof credential !== 'string' || !/^\s*[[{"]/.test(credential)) return;
  const message = 'verifiableCredential must be a credential object or a compact JWS / JWT, not JSON text in a string';
  throw new AppError('validation', message, { fields: [{ path: '/verifiableCredential', message }] });
}
