import type { Achievement } from '../achievements/ports.js';
import { addDuration, parseDuration } from '../achievements/validity.js';
import type { Principal } from '../auth/permissions.js';
import { DEFAULT_SETTINGS } from '../organisations/ports.js';
import type { AwardResult, Evidence } from '@laurel/core';
import type { Credential, Visibility } from './ports.js';

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

/** What an award's request chooses (the issue path's `IssueCredentialData`; a bulk row's `rowData`). */
export interface AwardChoices {
  expires?: string | undefined;
  narrative?: string | undefined;
  visibility?: Visibility | undefined;
  results?: AwardResult[] | undefined;
  creditsEarned?: number | undefined;
  renews?: { credentialId: string } | undefined;
}

/** An award's request once checked: its data, and what was made of it (the recipient, the evidence, the issue date). */
export interface CheckedAward {
  principal: Principal;
  achievement: Pick<Achievement, 'id' | 'issuerId' | 'validity'>;
  /** The organisation's default visibility, if it set one. */
  defaultVisibility: Visibility | undefined;
  data: AwardChoices;
  recipient: Credential['recipient'];
  evidence: Evidence[];
  issuedOn: Date;
}

/**
 * The new credential of an award, the same from every route that awards (one issue, a bulk row): the
 * expiry given, else the achievement's validity from the issue date; the visibility asked for, else
 * the organisation's default; created by the member or API key that awards.
 */
export function awardedCredential(a: CheckedAward, now: Date): Omit<Credential, 'id' | 'statusIndex'> {
  const d = a.data;
  const validity = a.achievement.validity ? parseDuration(a.achievement.validity) : undefined;
  return newCredential(
    {
      orgId: a.principal.orgId,
      issuerId: a.achievement.issuerId,
      achievementId: a.achievement.id,
      recipient: a.recipient,
      issuedOn: a.issuedOn.toISOString(),
      expiresAt: d.expires ? new Date(d.expires).toISOString() : validity ? addDuration(a.issuedOn, validity).toISOString() : null,
      narrative: d.narrative ?? null,
      evidence: a.evidence,
      visibility: d.visibility ?? a.defaultVisibility ?? DEFAULT_SETTINGS.defaultVisibility,
      renewsCredentialId: d.renews?.credentialId ?? null,
      results: (d.results ?? []).map((r) => ({ ...r })),
      creditsEarned: d.creditsEarned ?? null,
      createdBy: a.principal.userId ?? a.principal.apiKeyId ?? null,
    },
    now,
  );
}
