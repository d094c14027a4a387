import type { JsonObject } from '../contexts/bundled.js';

/** An OB 3.0 credential as a JSON object (built, signed or received). */
export type OpenBadgeCredential = JsonObject & {
  '@context': unknown[];
  type: string[];
  id: string;
  issuer: JsonObject;
  validFrom: string;
  credentialSubject: JsonObject;
};

/** W3C Bitstring Status List entry placed in `credentialStatus`. */
export interface BitstringStatusListEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: 'revocation' | 'suspension' | 'message';
  /** A string of a base-10 integer, per the W3C recommendation. */
  statusListIndex: string;
  statusListCredential: string;
  /** Bits per entry (1 when absent); a `message` entry of more than one bit says what each value means. */
  statusSize?: number;
  statusMessage?: Array<{ status: string; message: string }>;
}
