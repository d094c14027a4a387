import type { Role } from '../auth/permissions.js';

export interface OrganisationSettings {
  /** Whether a newly issued credential is public (OB 2.0 hosted verification needs that) or private until published. */
  defaultVisibility: 'public' | 'private';
  locale: string;
  /** The organisation's own wording for award e-mails (plain text; `{achievement}`, `{issuer}`, `{recipient}` are filled in). */
  awardEmailSubject: string | null;
  awardEmailMessage: string | null;
  /** Members' sessions must have proven a second factor to use the console API (set by `setMfaPolicy`). */
  requireMfa?: boolean | undefined;
  /** The organisation's privacy notice, linked from award e-mails and public pages. */
  privacyNoticeUrl?: string | null | undefined;
  /** Unclaimed awards' recipient name and address are erased this many days after issue (null: kept). */
  unclaimedRetentionDays?: number | null | undefined;
  /** IP addresses and user agents in the audit log and sessions are forgotten after this many days (null: kept). */
  ipRetentionDays?: number | null | undefined;
  /** Award e-mails carry an open pixel (analytics: opened); false turns it off. Default: on. */
  emailOpenTracking?: boolean | undefined;
}

export const DEFAULT_SETTINGS: OrganisationSettings = { defaultVisibility: 'public', locale: 'en', awardEmailSubject: null, awardEmailMessage: null };

export interface Organisation {
  id: string;
  name: string;
  settings: OrganisationSettings;
  createdAt: string;
  updatedAt: string;
}

export interface User {
  id: string;
  email: string;
  name: string | null;
  passwordHash: string | null;
  locale: string | null;
  /** Earner's public profile (opt-in): `/u/<handle>` when `profilePublic`. */
  profile?: { handle: string | null; bio: string | null; public: boolean } | undefined;
  createdAt: string;
  updatedAt: string;
}

export interface Membership {
  orgId: string;
  userId: string;
  role: Role;
  createdAt: string;
}

export interface MemberView extends Membership {
  email: string;
  name: string | null;
}

export interface OrganisationRepo {
  insert(org: Organisation): Promise<void>;
  findById(id: string): Promise<Organisation | undefined>;
  update(org: Organisation): Promise<void>;
  /** Is there any owner at all (first-run setup done)? */
  hasAnyOwner(): Promise<boolean>;
}

export interface UserRepo {
  insert(user: User): Promise<void>;
  findById(id: string): Promise<User | undefined>;
  findByEmail(email: string): Promise<User | undefined>;
  findByProfileHandle(handle: string): Promise<User | undefined>;
  updateProfile(userId: string, profile: { handle: string | null; bio: string | null; public: boolean }, at: string): Promise<void>;
  update(user: User): Promise<void>;
}

export interface MembershipRepo {
  insert(m: Membership): Promise<void>;
  find(orgId: string, userId: string): Promise<Membership | undefined>;
  /** Memberships of a user, oldest first. */
  listForUser(userId: string): Promise<Membership[]>;
  listForOrg(orgId: string): Promise<MemberView[]>;
  updateRole(orgId: string, userId: string, role: Role): Promise<void>;
  remove(orgId: string, userId: string): Promise<void>;
  countOwners(orgId: string): Promise<number>;
  /**
   * Inside a transaction: changes to the organisation's owners wait for this one to end (PostgreSQL locks
   * the organisation's row; SQLite runs one write transaction at a time already). Two owners removing or
   * demoting each other at once would otherwise each count the other and leave none.
   */
  lockOwners(orgId: string): Promise<void>;
}

/** Password hashing (argon2id in production). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}
