import type { AwardResult, Evidence, RecipientType } from '@laurel/core';
import type { Achievement } from '../achievements/ports.js';
import type { PresentedApiKey } from '../api-keys/ports.js';
import type { CredentialHistoryEvent } from '../credential-history/ports.js';
import type { Issuer } from '../issuers/ports.js';
import type { Organisation } from '../organisations/ports.js';
import type { AllocationCount } from '../status/ports.js';
import type { AuditEntry } from '../shared/audit.js';
import type { JobRequest } from '../shared/jobs.js';
import type { Page, PageQuery } from '../shared/ports.js';

export type StoredStatus = 'active' | 'revoked' | 'suspended';
export type Visibility = 'public' | 'private';

export interface Recipient {
  type: RecipientType;
  /** Normalised plaintext identity: PII, never published. */
  identity: string;
  hash: string;
  salt: string;
  name: string | null;
}

export interface Credential {
  id: string;
  orgId: string;
  issuerId: string;
  achievementId: string;
  recipient: Recipient;
  earnerUserId: string | null;
  issuedOn: string;
  expiresAt: string | null;
  narrative: string | null;
  evidence: Evidence[];
  status: StoredStatus;
  revocationReason: string | null;
  revokedAt: string | null;
  visibility: Visibility;
  statusIndex: number | null;
  /** The credential this one renews (certifications). */
  renewsCredentialId: string | null;
  /** The newer credential that replaced this one at renewal: it reads `superseded` (not revoked). */
  supersededBy: string | null;
  supersededAt: string | null;
  /** OB 3.0 results against the achievement's result descriptions. */
  results: AwardResult[];
  /** OB 3.0 creditsEarned. */
  creditsEarned: number | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export const CREDENTIAL_SORTS = ['createdAt', '-createdAt', 'issuedOn', '-issuedOn', 'recipientName', '-recipientName'] as const;
export type CredentialSort = (typeof CREDENTIAL_SORTS)[number];

export interface CredentialListQuery extends PageQuery {
  sort: CredentialSort;
  achievementId?: string | undefined;
  issuerId?: string | undefined;
  /** Effective status: `expired` means active with expiresAt in the past. */
  status?: 'active' | 'revoked' | 'suspended' | 'expired' | undefined;
  /** Exact recipient identity (normalised by the caller). */
  recipient?: string | undefined;
  issuedAfter?: string | undefined;
  issuedBefore?: string | undefined;
  /** Substring of the recipient's name or identity, already folded (foldForSearch: no case, no accents). */
  q?: string | undefined;
  /** Claimed by an earner account (true) or not yet (false). */
  claimed?: boolean | undefined;
  /** The recipient directory's key of the recipient. */
  recipientKey?: string | undefined;
  /** Reference time for the `expired` filter. */
  now: string;
}

/** Raised by `CredentialRepo.insert`/`insertIssued` when a concurrent issue took the same status list index. */
export class StatusIndexTaken extends Error {
  constructor() {
    super('the status list index was taken by a concurrent issue');
    this.name = 'StatusIndexTaken';
  }
}

/** A newly issued credential and every row that must be stored with it, or not at all. */
export interface IssuedCredential {
  credential: Credential;
  documents: CredentialDocument[];
  audit: AuditEntry;
  /** Enqueued in the same unit of work (outbox). */
  job: JobRequest;
  /** The `issued` event of the credential's history. */
  event: CredentialHistoryEvent;
  /** The status list whose allocation count the credential's index adds one to. */
  statusListId: string;
}

/** What issuing a credential of an achievement reads before signing, found in one query. */
/** An API key as authentication reads it, and the issuing context in that key's organisation (none without a key). */
export interface KeyAndIssuingContext {
  key: PresentedApiKey | undefined;
  context: IssuingContext;
}

export interface IssuingContext {
  /** The organisation's achievement; when absent, so is everything else. */
  achievement: Achievement | undefined;
  /** The achievement's issuer, if it belongs to the same organisation. */
  issuer: Issuer | undefined;
  organisation: Organisation | undefined;
  /** The issuer's revocation list (undefined until its lists are created). */
  allocation: AllocationCount | undefined;
  /**
   * Whether the achievement has a live endorsement of direction `issued` (signed here): issuing reads
   * them (`EndorsementRepo.listLiveForSubject`) only then.
   */
  endorsed: boolean;
}

export interface CredentialRepo {
  /**
   * Everything issuing reads, in one round trip instead of four: the achievement (scoped to the
   * organisation), its issuer (scoped the same way), the organisation and the issuer's status allocation.
   */
  issuingContext(orgId: string, achievementId: string): Promise<IssuingContext>;
  /**
   * The issue route's API key (by its hash, with its creator's role, as `ApiKeyRepo.findByHash`) and the issuing
   * context of `achievementId` in the key's own organisation, in one read. The context is not to be used before the
   * key has been judged valid (`principalOfApiKey`).
   */
  keyAndIssuingContext(keyHash: string, achievementId: string): Promise<KeyAndIssuingContext>;
  insert(c: Credential): Promise<void>;
  /**
   * Store an issued credential atomically: the credential, its documents, the audit entry, the job
   * and the allocation count (one statement on PostgreSQL, so the issuer's status-list row is locked
   * only while it commits). Throws StatusIndexTaken when a concurrent issue took the index.
   */
  insertIssued(issued: IssuedCredential): Promise<void>;
  /** Mark `id` replaced by `by` unless it already is; false when another renewal got there first. */
  markSuperseded(orgId: string, id: string, by: string, at: string): Promise<boolean>;
  findById(orgId: string, id: string): Promise<Credential | undefined>;
  findPublic(id: string): Promise<Credential | undefined>;
  /** Those of the ids that are the organisation's credentials (others are simply absent). */
  findManyByIds(orgId: string, ids: readonly string[]): Promise<Credential[]>;
  list(orgId: string, query: CredentialListQuery): Promise<Page<Credential>>;
  update(c: Credential): Promise<void>;
  /** Revoked credentials of an issuer (for the OB 2.0 RevocationList). */
  listRevokedForIssuer(issuerId: string): Promise<Credential[]>;
  /** Which of these e-mail addresses already hold a credential for the achievement (any status). */
  holdersAmong(orgId: string, achievementId: string, emails: string[]): Promise<string[]>;
  /** Claimed by the user, or sent to one of their verified addresses; newest first. */
  listForEarner(userId: string, addresses: { type: string; value: string }[]): Promise<Credential[]>;
}

export interface IdempotencyRecord {
  orgId: string;
  operation: string;
  key: string;
  requestHash: string;
  resourceId: string;
  createdAt: string;
}

export interface IdempotencyRepo {
  /** Insert unless the (org, operation, key) exists; returns the record that holds the key. */
  claim(record: IdempotencyRecord): Promise<{ record: IdempotencyRecord; created: boolean }>;
  find(orgId: string, operation: string, key: string): Promise<IdempotencyRecord | undefined>;
}

/**
 * The signed forms of a credential, immutable once stored: `ob3` is stored at issue, `vc-jwt` and `ob2-jws`
 * when first asked for (signed-forms.ts).
 */
export const DOCUMENT_FORMATS = ['ob3', 'vc-jwt', 'ob2-jws'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export interface CredentialDocument {
  credentialId: string;
  format: DocumentFormat;
  body: string;
  keyId: string | null;
  createdAt: string;
}

export interface CredentialDocumentRepo {
  insert(doc: CredentialDocument): Promise<void>;
  insertMany(docs: CredentialDocument[]): Promise<void>;
  /** Store a form unless the credential already has one of that format (a concurrent first request); true when stored. */
  insertIfAbsent(doc: CredentialDocument): Promise<boolean>;
  find(credentialId: string, format: DocumentFormat): Promise<CredentialDocument | undefined>;
}

/** Produces the signed form of a new credential made at issue, the OB 3.0 Data Integrity one (in process, or on a pool of worker threads). */
export interface CredentialSigner {
  sign(input: SignInput): Promise<CredentialDocument[]>;
}

/** What signing a new credential needs; `replaces` names the credential a renewal replaces and its OB 3.0 document's digest. */
export interface SignInput {
  issuer: import('../issuers/ports.js').Issuer;
  achievement: import('../achievements/ports.js').Achievement;
  credential: Credential;
  replaces?: { credentialId: string; digestSRI: string } | undefined;
  /** The achievement's live endorsements (signed EndorsementCredentials), embedded as its `endorsement`. */
  endorsements?: import('@laurel/core').JsonObject[] | undefined;
}
