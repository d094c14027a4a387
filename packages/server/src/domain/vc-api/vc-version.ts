import { DATA_INTEGRITY_V2_CONTEXT, VC_V1_CONTEXT, VC_V2_CONTEXT, type JsonObject } from '@laurel/core';
import { AppError } from '../shared/errors.js';

/**
 * The VC Data Model version a VC-API credential is written in, by its first `@context`: 2.0, or 1.1
 * for older credentials. Anything else is refused.
 */
export function vcVersionOf(credential: JsonObject): 'v1' | 'v2' {
  const contexts = Array.isArray(credential['@context']) ? credential['@context'] : [credential['@context']];
  if (contexts[0] === VC_V2_CONTEXT) return 'v2';
  if (contexts[0] === VC_V1_CONTEXT) return 'v1';
  const message = `the first @context must be ${VC_V2_CONTEXT} (VC Data Model 2.0) or ${VC_V1_CONTEXT} (1.1)`;
  throw new AppError('validation', message, { fields: [{ path: '/credential/@context', message }] });
}

/**
 * A VC 1.1 credential made ready for a Data Integrity proof, by its own rules: the 1.1 context does
 * not define `DataIntegrityProof`, so the Data Integrity context follows it (as Digital Bazaar's
 * issuers add it), and an `issuanceDate`, which 1.1 requires, is set to `now` when missing.
 * Changes `credential` (the caller's own copy).
 */
export function prepareVc11(credential: JsonObject, now: Date): void {
  const contexts = Array.isArray(credential['@context']) ? [...credential['@context']] : [credential['@context']];
  if (!contexts.includes(DATA_INTEGRITY_V2_CONTEXT)) contexts.push(DATA_INTEGRITY_V2_CONTEXT);
  credential['@context'] = contexts;
  if (credential.issuanceDate === undefined) credential.issuanceDate = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
