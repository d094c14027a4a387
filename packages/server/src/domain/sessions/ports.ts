export interface Session {
  /** sha256 of the cookie token; the token itself is never stored. */
  id: string;
  userId: string;
  orgId: string | null;
  csrfToken: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  expiresAt: string;
}

export interface SessionRepo {
  insert(session: Session): Promise<void>;
  findById(id: string): Promise<Session | undefined>;
  remove(id: string): Promise<void>;
  /** Ends every session of a user but `exceptId` (the one proving the mailbox, if any). */
  removeForUser(userId: string, exceptId?: string): Promise<void>;
  removeExpired(now: string): Promise<number>;
}
