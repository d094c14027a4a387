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
  /** OB 3.0 AlignmentTargetType: `ceasn:Competency`, `ceterms:Credential`, `CFItem`, `CFRubric`, `CFRubricCriterion`, `CFRubricCriterionLevel`, `CTDL` or `ext:<name>` (e.g. `ext:ESCO`, `ext:ONET`). */
  targetType?: string | undefined;
}

/** OB 3.0 ResultType enumeration (extensible with `ext:<name>`). */
export const RESULT_TYPES = [
  'GradePointAverage',
  'LetterGrade',
  'Percent',
  'PerformanceLevel',
  'PredictedScore',
  'RawScore',
  'Result',
  'RubricCriterion',
  'RubricCriterionLevel',
  'RubricScore',
  'ScaledScore',
  'Status',
] as const;
export type ResultType = (typeof RESULT_TYPES)[number] | `ext:${string}`;

/** OB 3.0 ResultStatusType: the status of a `Status` result. */
export const RESULT_STATUSES = ['Completed', 'Enrolled', 'Failed', 'InProgress', 'OnHold', 'Provisional', 'Withdrew'] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

/** OB 3.0 RubricCriterionLevel: one level of a rubric (e.g. "Proficient", 3 points). */
export interface RubricLevel {
  /** Local key, unique within its result description (becomes `<achievement>#<result>-<level>`). */
  key: string;
  name: string;
  description?: string | undefined;
  level?: string | undefined;
  points?: string | undefined;
}

/** OB 3.0 ResultDescription: a result an award of the achievement can record. */
export interface ResultDescription {
  /** Local key, unique within the achievement (becomes the fragment of its id: `<achievement>#<key>`). */
  key: string;
  name: string;
  /** A ResultType value or `ext:<name>` (checked by the server, not the type). */
  resultType: string;
  allowedValue?: string[] | undefined;
  requiredValue?: string | undefined;
  /** Key of the rubric level required to pass. */
  requiredLevel?: string | undefined;
  valueMin?: string | undefined;
  valueMax?: string | undefined;
  rubricCriterionLevel?: RubricLevel[] | undefined;
}

/** A name and description in another language (BCP 47 tag) than the achievement's own. */
export interface Translation {
  name: string;
  description?: string | undefined;
}

/**
 * What `creditsAvailable` (and an award's `creditsEarned`) count: ECTS credits, continuing-education units
 * (IACET CEU), academic credit hours, or CPD points/hours.
 */
export const CREDIT_UNITS = ['ECTS', 'CEU', 'CreditHour', 'CPD'] as const;
export type CreditUnit = (typeof CREDIT_UNITS)[number];

/** Richer OB 3.0 Achievement fields (all optional). */
export interface AchievementDetails {
  resultDescriptions?: ResultDescription[] | undefined;
  creditsAvailable?: number | undefined;
  /** The unit of `creditsAvailable`; written as an OB 3.0 Alignment (OB 3.0 has no unit property). */
  creditUnit?: CreditUnit | undefined;
  /** Learning hours (notional study time); written as an OB 3.0 Alignment (OB 3.0 has no hours property). */
  hours?: number | undefined;
  fieldOfStudy?: string | undefined;
  specialization?: string | undefined;
  humanCode?: string | undefined;
  /** BCP 47 language of `name` and `description` (OB 3.0 `inLanguage`). */
  inLanguage?: string | undefined;
  /** Other languages' names and descriptions, keyed by BCP 47 tag (`fr`, `pt-BR`): an OB 3.0 language map. */
  translations?: Record<string, Translation> | undefined;
}

/** OB 3.0 Result: what one award achieved against one of the achievement's result descriptions. */
export interface AwardResult {
  /** Key of the ResultDescription this result is for. */
  resultDescription: string;
  value?: string | undefined;
  /** Key of the rubric level achieved. */
  achievedLevel?: string | undefined;
  status?: ResultStatus | undefined;
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
  details?: AchievementDetails | undefined;
  /** Signed OB 3.0 EndorsementCredentials of the achievement (its `endorsement`). */
  endorsements?: readonly import('./contexts/bundled.js').JsonObject[] | undefined;
}

export interface Evidence {
  id?: string | undefined;
  name?: string | undefined;
  narrative?: string | undefined;
  description?: string | undefined;
  genre?: string | undefined;
  /** OB 3.0 Evidence `audience`: who the evidence is for (e.g. "Employers"). */
  audience?: string | undefined;
  /**
   * Subresource Integrity digest of the file at `id` (`sha384-<base64>`), for an uploaded file: the VC Data
   * Model 2.0 `digestSRI` term (defined by its context), so a verifier can check the file it fetches.
   */
  digestSRI?: string | undefined;
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
  results?: AwardResult[] | undefined;
  creditsEarned?: number | undefined;
  /** When the achievement was first awarded (OB 3.0 `awardedDate`); `issuedOn` when absent. */
  awardedDate?: string | undefined;
}
