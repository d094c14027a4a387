import type { JsonObject } from '../contexts/bundled.js';
import { VC_V2_CONTEXT } from '../contexts/urls.js';
import type { BitstringStatusListEntry } from '../ob3/types.js';
import { encodeBitstring } from './bitstring.js';

export type StatusPurpose = 'revocation' | 'suspension';
/** A list's purpose: one of the above, or `message` (several bits per entry, see status-message.ts). */
export type StatusListPurpose = StatusPurpose | 'message';

export interface BuildStatusListCredentialInput {
  /** The list credential's stable public URL. */
  id: string;
  /** Issuer id (the same DID/URL the issuer's credentials use). */
  issuer: string;
  purpose: StatusListPurpose;
  bits: Uint8Array;
  validFrom: string;
  /** When verifiers should fetch a fresh copy (optional). */
  validUntil?: string | undefined;
}

/** An unsigned W3C BitstringStatusListCredential (VC Data Model 2.0); sign it like any credential. */
export function buildStatusListCredential(input: BuildStatusListCredentialInput): JsonObject {
  return {
    '@context': [VC_V2_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    validFrom: input.validFrom,
    ...(input.validUntil ? { validUntil: input.validUntil } : {}),
    credentialSubject: {
      id: `${input.id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: input.purpose,
      encodedList: encodeBitstring(input.bits),
    },
  };
}

/** The `credentialStatus` entry pointing at entry `index` of the list at `statusListCredential`. */
export function buildBitstringStatusListEntry(input: {
  statusListCredential: string;
  index: number;
  purpose: StatusPurpose;
}): BitstringStatusListEntry {
  if (!Number.isInteger(input.index) || input.index < 0) throw new RangeError('status index must be a non-negative integer');
  return {
    id: `${input.statusListCredential}#${input.index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: input.purpose,
    statusListIndex: String(input.index),
    statusListCredential: input.statusListCredential,
  };
}
