import type { JsonObject } from '../contexts/bundled.js';
import { OB2_CONTEXT_URL } from '../contexts/urls.js';
import type { RevocationFinding } from './read-status.js';

export interface Ob2RevokedAssertion {
  /** The assertion's id (URL, or `urn:uuid:` for signed assertions). */
  id: string;
  revocationReason?: string | undefined;
}

/** OB 2.0 RevocationList document, linked from the Issuer's `revocationList`. */
export function buildOb2RevocationList(input: { id: string; issuer: string; revoked: Ob2RevokedAssertion[] }): JsonObject {
  return {
    '@context': OB2_CONTEXT_URL,
    id: input.id,
    type: 'RevocationList',
    issuer: input.issuer,
    revokedAssertions: input.revoked.map((r) => (r.revocationReason ? { id: r.id, revocationReason: r.revocationReason } : { id: r.id })),
  };
}

/** Is `assertionId` in an OB 2.0 RevocationList (entries may be objects or bare ids)? */
export function readOb2RevocationList(list: unknown, assertionId: string): RevocationFinding {
  const entries = (list as JsonObject | undefined)?.revokedAssertions;
  for (const entry of Array.isArray(entries) ? entries : []) {
    if (entry === assertionId) return { revoked: true };
    const e = entry as JsonObject | null;
    if (e && typeof e === 'object' && (e.id === assertionId || e.uid === assertionId)) {
      return { revoked: true, reason: typeof e.revocationReason === 'string' ? e.revocationReason : undefined };
    }
  }
  return { revoked: false };
}
