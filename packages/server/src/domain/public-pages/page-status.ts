import type { CredentialStatus } from '@laurel/core';
import { effectiveStatus } from '../credentials/effective-status.js';
import type { Credential } from '../credentials/ports.js';

/**
 * What a public page says of a credential: its effective status, or `pending` while its issue date
 * (validFrom) is still ahead: such a credential is not valid yet, and no verifier would accept it.
 */
export type PageStatus = CredentialStatus | 'pending' | 'superseded';

export function pageStatus(credential: Pick<Credential, 'status' | 'expiresAt' | 'issuedOn'> & { supersededBy?: string | null }, now: Date): PageStatus {
  const status = effectiveStatus(credential, now);
  // Renewed: replaced by a newer credential (not revoked; revocation and suspension still win).
  if ((status === 'active' || status === 'expired') && credential.supersededBy) return 'superseded';
  if (status === 'active' && Date.parse(credential.issuedOn) > now.getTime()) return 'pending';
  return status;
}

/** The issuer's reason, shown for a credential it revoked or suspended (both keep it in one field). */
export function pageReason(credential: Pick<Credential, 'status' | 'revocationReason'>): string | null {
  return credential.status === 'revoked' || credential.status === 'suspended' ? (credential.revocationReason?.trim() || null) : null;
}

/** Share, LinkedIn and embed actions are offered only for a credential that is valid now. */
export const isShareable = (status: PageStatus): boolean => status === 'active';
