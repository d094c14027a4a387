import type { Role } from '../auth/permissions.js';

/**
 * An invitation to join an organisation with a role. The person becomes a member only by using the
 * token mailed to `email` (single use, expiring); only the token's hash is stored.
 */
export interface Invitation {
  id: string;
  orgId: string;
  email: string;
  role: Role;
  /** The member who invited (for an API key: the member who created it). */
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
  sentAt: string | null;
  acceptedAt: string | null;
  acceptedBy: string | null;
}

export interface InvitationRepo {
  insert(invitation: Invitation): Promise<void>;
  findById(orgId: string, id: string): Promise<Invitation | undefined>;
  findByTokenHash(tokenHash: string): Promise<Invitation | undefined>;
  /** Pending (not accepted) invitations of an organisation, newest first. */
  listPending(orgId: string): Promise<Invitation[]>;
  /** Sets the hash of a freshly mailed token (replacing any earlier one). */
  setToken(id: string, tokenHash: string, sentAt: string): Promise<void>;
  /** Marks it accepted unless it already was; returns whether this call did. */
  accept(id: string, userId: string, at: string): Promise<boolean>;
  /** Deletes pending invitations (one, or every one to an address). */
  remove(orgId: string, id: string): Promise<boolean>;
  removePendingFor(orgId: string, email: string): Promise<void>;
}
