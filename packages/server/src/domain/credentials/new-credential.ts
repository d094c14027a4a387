import type { Credential } from './ports.js';

/** What an award chooses; the rest of a new credential is the same for every route that awards. */
export type NewCredentialFields = Pick<
  Credential,
  'orgId' | 'issuerId' | 'achievementId' | 'recipient' | 'issuedOn' | 'expiresAt' | 'narrative' | 'evidence' | 'visibility' | 'renewsCredentialId' | 'results' | 'creditsEarned' | 'createdBy'
>;

/** A credential as it is first stored (before its id and status index): active, claimed by nobody, superseding nothing. */
export function newCredential(fields: NewCredentialFields, now: Date): Omit<Credential, 'id' | 'statusIndex'> {
  return {
    ...fields,
    earnerUserId: null,
    status: 'active',
    revocationReason: null,
    revokedAt: null,
    supersededBy: null,
    supersededAt: null,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}
