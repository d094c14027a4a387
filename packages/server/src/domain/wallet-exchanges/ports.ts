/**
 * A VC-API exchange for a wallet that authenticates with a DIDAuth presentation (the Learner Credential
 * Wallet): one award, for whoever holds the exchange URL and proves a DID, once, before it expires.
 */
export interface WalletExchange {
  id: string;
  orgId: string;
  issuerId: string;
  credentialId: string;
  /** sha256 of the token in the exchange URL. */
  tokenHash: string;
  /** Who made it: `user:<id>` or `claim:<credential id>`. */
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
  completedAt: string | null;
  /** The DID the credential was delivered to. */
  holder: string | null;
}

export interface WalletExchangeRepo {
  insert(exchange: WalletExchange): Promise<void>;
  findByToken(tokenHash: string): Promise<WalletExchange | undefined>;
  /** Completes a pending, unexpired exchange for `holder`; false when it was completed already (a replay) or expired. */
  complete(id: string, holder: string, at: string): Promise<boolean>;
  /** Drops exchanges that expired before `before`. */
  purgeExpired(before: string): Promise<void>;
}
