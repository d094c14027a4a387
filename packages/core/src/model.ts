/**
 * The neutral model that every document format (OB 2.0, OB 3.0) is built from.
 * The server maps its rows to these shapes; core turns them into standards documents.
 * Plain data only: ISO 8601 strings for instants, absolute URLs for links.
 */

export const ACHIEVEMENT_KINDS = ['badge', 'certificate', 'certification'] as const;
export type AchievementKind = (typeof ACHIEVEMENT_KINDS)[number];

export const RECIPIENT_TYPES = ['email', 'url', 'telephone'] as const;
export type RecipientType = (typeof RECIPIENT_TYPES)[number];

export interface IssuerProfile {
  /** Laurel's id of the issuer (opaque). */
  id: string;
  name: string;
  url: string;
  email: string;
  description?: string | undefined;
  /** Absolute URL (or data: URI) of the issuer's image. */
  image?: string | undefined;
}

export interface Alignment {
  targetName: string;
  targetUrl: string;
  targetDescription?: string | undefined;
  targetFramework?: string | undefined;
  targetCode?: string | undefined;
}

export interface Criteria {
  narrative?: string | undefined;
  url?: string | undefined;
}

export interface Achievement {
  id: string;
  issuerId: string;
  kind: AchievementKind;
  name: string;
  description: string;
  criteria: Criteria;
  image?: string | undefined;
  tags: string[];
  alignments: Alignment[];
  /** ISO 8601 duration (e.g. P2Y) for certifications: how long an award stays valid. */
  validity?: string | undefined;
}

export interface Evidence {
  id?: string | undefined;
  name?: string | undefined;
  narrative?: string | undefined;
  description?: string | undefined;
  genre?: string | undefined;
}

/** The recipient as stored: the hashed identity is public, the plaintext is PII. */
export interface RecipientIdentity {
  type: RecipientType;
  /** `sha256$<hex>` of (identity + salt), lower-case identity. */
  identityHash: string;
  salt: string;
}

export type CredentialStatus = 'active' | 'revoked' | 'suspended' | 'expired';

export interface Award {
  id: string;
  achievementId: string;
  recipient: RecipientIdentity;
  /** Recipient's display name; only included in documents when the earner allows it. */
  recipientName?: string | undefined;
  issuedOn: string;
  expires?: string | undefined;
  narrative?: string | undefined;
  evidence: Evidence[];
  status: CredentialStatus;
  revocationReason?: string | undefined;
  /**
   * The credential this award renews (a certification renewal): its URL and the Subresource Integrity digest
   * of its OB 3.0 document, written as a VC Data Model 2.0 `relatedResource` (OB 3.0's `related` names
   * achievements only).
   */
  replaces?: { id: string; digestSRI: string } | undefined;
}
