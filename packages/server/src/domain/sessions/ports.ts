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
  /** End a person's sessions in one organisation; returns how many. */
  removeForUserInOrg(userId: string, orgId: string): Promise<number>;
  removeExpired(now: string): Promise<number>;
}
