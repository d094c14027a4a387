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
  /** When a factor (password, link, code, passkey) was last proven in this session: step-up looks at it. */
  factorAt: string | null;
  /** Whether a second factor (TOTP, recovery code, passkey) was proven in this session. */
  mfa: boolean;
  lastSeenAt: string | null;
}

export interface SessionRepo {
  insert(session: Session): Promise<void>;
  findById(id: string): Promise<Session | undefined>;
  remove(id: string): Promise<void>;
  /** End a person's sessions in one organisation; returns how many. */
  removeForUserInOrg(userId: string, orgId: string): Promise<number>;
  /** Ends every session of a user but `exceptId` (the one proving the mailbox, if any). */
  removeForUser(userId: string, exceptId?: string): Promise<void>;
  removeExpired(now: string): Promise<number>;
  /** A user's unexpired sessions, newest first. */
  listForUser(userId: string, now: string): Promise<Session[]>;
  /** Ends one session of the user; false when they have none with that id. */
  removeOfUser(userId: string, id: string): Promise<boolean>;
  /** A factor was proven in the session just now (`mfa`: a second factor). */
  recordFactor(id: string, at: string, mfa: boolean): Promise<void>;
  touch(id: string, at: string): Promise<void>;
}

/**
 * How one kind of failure counter locks. The `lockAfter`-th failure starts a lock of `baseLockSeconds`;
 * each further failure (attempts while locked are refused, not counted) doubles it, up to
 * `maxLockSeconds`. A counter is forgotten `forgetAfterSeconds` after its last failure (or its lock's end).
 */
export interface ThrottleRule {
  lockAfter: number;
  baseLockSeconds: number;
  maxLockSeconds: number;
  forgetAfterSeconds: number;
}

/**
 * Failure counters for sign-in, shared by every instance (Redis) or kept per process (memory).
 * Times are milliseconds since the epoch from the caller's clock.
 */
export interface SignInThrottle {
  /** The latest end of a lock on any of these keys; 0 when none is locked at `nowMs`. */
  lockedUntil(keys: readonly string[], nowMs: number): Promise<number>;
  /** Count one failure on each key under its rule (atomically per key); the latest lock end among them, or 0. */
  recordFailure(entries: readonly { key: string; rule: ThrottleRule }[], nowMs: number): Promise<number>;
  /** Forget these keys (a successful sign-in). */
  clear(keys: readonly string[]): Promise<void>;
}
