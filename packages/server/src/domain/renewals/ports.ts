/** One expiry reminder: at most one per (credential, offset), enforced by a unique index. */
export interface ExpiryReminder {
  id: string;
  orgId: string;
  credentialId: string;
  /** Days before expiry this reminder is for. */
  offsetDays: number;
  /** The credential's expiry when the reminder was made. */
  expiresAt: string;
  createdAt: string;
  /** When the e-mail went out (null: not yet, or no e-mail: see `outcome`). */
  sentAt: string | null;
  /** `sent`, or why no e-mail was sent (`no-email-address`, `opted-out`, `no-longer-due`). */
  outcome: string | null;
}

/** A certification that may be due a reminder: active, not superseded, expiring within the horizon. */
export interface ExpiringCredential {
  id: string;
  orgId: string;
  expiresAt: string;
  reminderOffsets: number[] | null;
}

export interface ExpiryReminderRepo {
  /** Inserts unless (credential, offset) exists; true when this call made it. */
  insertOnce(reminder: ExpiryReminder): Promise<boolean>;
  find(id: string): Promise<ExpiryReminder | undefined>;
  markSent(id: string, outcome: string, at: string | null): Promise<void>;
  /** Active, not superseded certifications expiring in (`from`, `until`], by id after `afterId`. */
  listExpiring(from: string, until: string, afterId: string | null, limit: number): Promise<ExpiringCredential[]>;
  /** The largest reminder offset any certification sets (for the sweep's horizon), or null. */
  largestOffset(): Promise<number | null>;
  /** The reminders of these credentials, newest first. */
  listForCredentials(credentialIds: readonly string[]): Promise<ExpiryReminder[]>;
}

export const RENEWAL_STATUSES = ['pending', 'approved', 'refused'] as const;
export type RenewalStatus = (typeof RENEWAL_STATUSES)[number];

/** An earner's request to renew a certification, decided by the issuer (or at once, automatic renewal). */
export interface RenewalRequest {
  id: string;
  orgId: string;
  credentialId: string;
  achievementId: string;
  /** The earner's user id. */
  requestedBy: string;
  evidenceUrl: string | null;
  note: string | null;
  status: RenewalStatus;
  /** Why it was refused. */
  reason: string | null;
  /** The renewed credential, once approved. */
  newCredentialId: string | null;
  /** The member who decided (null: automatic). */
  decidedBy: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export interface RenewalRequestRepo {
  /** Throws RenewalAlreadyPending when the credential has an open request. */
  insert(request: RenewalRequest): Promise<void>;
  findById(orgId: string, id: string): Promise<RenewalRequest | undefined>;
  /** Settle a pending request; false when it was no longer pending (decided by someone else meanwhile). */
  decide(orgId: string, id: string, decision: Pick<RenewalRequest, 'status' | 'reason' | 'newCredentialId' | 'decidedBy' | 'decidedAt'>): Promise<boolean>;
  /** Back to pending (issuing the approved renewal failed). */
  reopen(orgId: string, id: string): Promise<void>;
  setNewCredential(orgId: string, id: string, credentialId: string): Promise<void>;
  list(orgId: string, query: { status?: RenewalStatus | undefined; issuerId?: string | undefined; limit: number }): Promise<RenewalRequest[]>;
  listForCredentials(credentialIds: readonly string[]): Promise<RenewalRequest[]>;
}

/** Raised by RenewalRequestRepo.insert when the credential already has a pending request (unique index). */
export class RenewalAlreadyPending extends Error {
  constructor() {
    super('this credential already has a pending renewal request');
    this.name = 'RenewalAlreadyPending';
  }
}
