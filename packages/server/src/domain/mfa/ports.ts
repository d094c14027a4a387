/** A user's TOTP authenticator (RFC 6238). The secret is sealed by the key vault; it is opened only to check a code. */
export interface TotpFactor {
  userId: string;
  sealedSecret: string;
  /** Null until a first code proved the authenticator holds the secret. */
  confirmedAt: string | null;
  /** The time step of the last code accepted: a code is good once. */
  lastStep: number | null;
  createdAt: string;
}

/** A sign-in that passed its first factor (password or e-mailed link) and waits for the second. */
export interface PendingSignIn {
  /** sha256 of the token in the short-lived cookie. */
  id: string;
  userId: string;
  ip: string | null;
  userAgent: string | null;
  attempts: number;
  createdAt: string;
  expiresAt: string;
}

export interface MfaRepo {
  findTotp(userId: string): Promise<TotpFactor | undefined>;
  /** Replaces any factor of the user (an unconfirmed enrolment starts over). */
  saveTotp(factor: TotpFactor): Promise<void>;
  confirmTotp(userId: string, at: string, step: number): Promise<void>;
  /** Records `step` as used if it is later than the last one used; false when it was not (a replay). Atomic. */
  useTotpStep(userId: string, step: number): Promise<boolean>;
  removeTotp(userId: string): Promise<void>;

  /** Replaces the user's recovery codes with these hashes. */
  replaceRecoveryCodes(userId: string, codes: { id: string; hash: string }[], at: string): Promise<void>;
  /** Marks an unused code of the user used; false when there is none with that hash. Atomic. */
  useRecoveryCode(userId: string, hash: string, at: string): Promise<boolean>;
  countUnusedRecoveryCodes(userId: string): Promise<number>;
  removeRecoveryCodes(userId: string): Promise<void>;

  insertPending(pending: PendingSignIn): Promise<void>;
  findPending(id: string): Promise<PendingSignIn | undefined>;
  /** Counts one wrong attempt; returns the new count. */
  countPendingAttempt(id: string): Promise<number>;
  /** Deletes it; false when it was gone already (used by a concurrent request). */
  removePending(id: string): Promise<boolean>;
  removeExpiredPending(now: string): Promise<number>;
}

/** A WebAuthn credential (passkey or security key) registered to a user. */
export interface StoredPasskey {
  /** The credential id, base64url. */
  id: string;
  userId: string;
  name: string;
  /** COSE public key, base64url. */
  publicKey: string;
  counter: number;
  transports: string[];
  deviceType: string;
  backedUp: boolean;
  createdAt: string;
  lastUsedAt: string | null;
}

export type ChallengePurpose = 'register' | 'authenticate';

/** A WebAuthn challenge, single use, bound to what asked for it (a session, a pending sign-in, a browser cookie). */
export interface PasskeyChallenge {
  bindingId: string;
  purpose: ChallengePurpose;
  userId: string | null;
  challenge: string;
  expiresAt: string;
}

export interface PasskeyRepo {
  insert(passkey: StoredPasskey): Promise<void>;
  find(id: string): Promise<StoredPasskey | undefined>;
  listForUser(userId: string): Promise<StoredPasskey[]>;
  recordUse(id: string, counter: number, at: string): Promise<void>;
  /** Deletes the user's passkey; false when they hold none with that id. */
  remove(userId: string, id: string): Promise<boolean>;
  removeAllForUser(userId: string): Promise<void>;

  /** Stores the challenge, replacing any earlier one with the same binding (and forgetting expired ones). */
  putChallenge(challenge: PasskeyChallenge, now: string): Promise<void>;
  /** Takes (deletes and returns) the challenge of a binding, if it is still valid. Single use. */
  takeChallenge(bindingId: string, purpose: ChallengePurpose, now: string): Promise<PasskeyChallenge | undefined>;
}

/** RFC 6238 TOTP: the algorithm (SHA-1, 6 digits, 30 s, as authenticator apps expect). */
export interface TotpAlgorithm {
  /** A fresh random secret, base32 (160 bits). */
  newSecret(): string;
  /** The `otpauth://` URI an authenticator app scans. */
  uri(input: { secret: string; account: string; issuer: string }): string;
  /** The time step of `code` if it is right at `now` or one step either side; null otherwise. */
  match(secret: string, code: string, now: Date): number | null;
}

/** A registration the authenticator proved (WebAuthn attestation verified against the challenge, origin and RP). */
export interface VerifiedRegistration {
  id: string;
  publicKey: string;
  counter: number;
  transports: string[];
  deviceType: string;
  backedUp: boolean;
}

/**
 * The WebAuthn relying party (W3C WebAuthn Level 2/3): makes options with a fresh challenge and verifies
 * the browser's answers against that challenge, the configured origins and RP id. A response that does not
 * verify is `null`, never a throw.
 */
export interface WebAuthnRelyingParty {
  registrationOptions(input: { userId: string; userName: string; displayName: string; exclude: StoredPasskey[] }): Promise<{ options: unknown; challenge: string }>;
  verifyRegistration(input: { response: unknown; challenge: string }): Promise<VerifiedRegistration | null>;
  /** `allow`: the user's credentials (second factor); empty: discoverable credentials (passwordless). */
  authenticationOptions(input: { allow: StoredPasskey[]; userVerification: 'preferred' | 'required' }): Promise<{ options: unknown; challenge: string }>;
  /** The credential id a response claims to be from (to look it up), or null when the response has none. */
  credentialIdOf(response: unknown): string | null;
  verifyAuthentication(input: { response: unknown; challenge: string; passkey: StoredPasskey; requireUserVerification: boolean }): Promise<{ newCounter: number } | null>;
}
