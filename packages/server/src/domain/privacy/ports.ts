/** One credential whose recipient data is to be erased, with the address it was sent to. */
export interface ErasableCredential {
  id: string;
  orgId: string;
  recipientType: string;
  recipientIdentity: string;
}

export interface Consent {
  id: string;
  userId: string;
  document: 'terms' | 'privacy';
  version: string;
  acceptedAt: string;
}

/** Everything Laurel holds about one person, as rows (the export turns them into files). */
export interface AccountData {
  account: Record<string, unknown>;
  addresses: Record<string, unknown>[];
  sessions: Record<string, unknown>[];
  factors: { totp: { enabled: boolean; enabledAt: string | null }; passkeys: Record<string, unknown>[]; recoveryCodesLeft: number };
  credentials: { id: string; orgId: string; summary: Record<string, unknown>; documents: { format: string; body: string }[] }[];
  hostedCredentials: Record<string, unknown>[];
  consents: Consent[];
  auditEntries: Record<string, unknown>[];
  connectedApps: Record<string, unknown>[];
}

export interface PrivacyRepo {
  /** The organisation's credentials whose recipient has this directory key (not erased yet). */
  credentialsOfRecipient(orgId: string, recipientKey: string): Promise<ErasableCredential[]>;
  /** Every credential a person holds: claimed by the account, or sent to one of its verified addresses (any organisation). */
  credentialsOfAccount(userId: string): Promise<ErasableCredential[]>;
  /** Unclaimed credentials of the organisation issued before `before` whose recipient data is still there. */
  unclaimedBefore(orgId: string, before: string, limit: number): Promise<ErasableCredential[]>;
  /**
   * Removes the name and address from Laurel's own rows about these credentials: the credential (name,
   * address, search text, directory key, the account link), e-mail events' details, claim and unsubscribe
   * tokens, the opt-out and the bulk-import rows naming the address. The signed documents stay (they hold
   * only the salted hash of the address). Returns how many credentials changed.
   */
  eraseRecipientData(credentials: ErasableCredential[], marker: string): Promise<number>;
  /** After an erasure, outside its transaction: the engine's copies of the old rows overwritten where it can (SQLite: WAL checkpointed and truncated). */
  scrub(): Promise<void>;
  accountData(userId: string): Promise<AccountData | undefined>;
  /** Deletes the account and everything hanging from it (addresses, sessions, factors, tokens, hosted credentials). */
  deleteAccount(userId: string): Promise<void>;
  memberships(userId: string): Promise<number>;
  recordConsent(c: Consent): Promise<void>;
  consents(userId: string): Promise<Consent[]>;
  /** Organisations whose settings hold a retention rule (id and settings). */
  organisationsWithRetention(): Promise<{ id: string; settings: Record<string, unknown> }[]>;
  /** Forgets the IP and user agent of sessions of this organisation started before `before`. */
  forgetSessionNetworkDetails(orgId: string, before: string): Promise<number>;
}
