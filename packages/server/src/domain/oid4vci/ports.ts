/** A credential offer (OpenID4VCI 1.0 §4.1): one or more awards of one issuer, for a wallet to fetch once. */
export interface WalletOffer {
  id: string;
  orgId: string;
  issuerId: string;
  /** sha256 of the token in the `credential_offer_uri`. */
  tokenHash: string;
  /** sha256 of the pre-authorized code (derived from the token, never stored). */
  codeHash: string;
  credentialIds: string[];
  txCodeRequired: boolean;
  /** sha256 of `<offer id>:<tx_code>`, set when the code is mailed; null until then. */
  txCodeHash: string | null;
  /** Token requests that tried a tx_code (capped: see MAX_TX_CODE_ATTEMPTS). */
  txCodeAttempts: number;
  /** Who made it: `user:<id>`, `claim:<credential id>` or `api:<key or user id>`. */
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
  redeemedAt: string | null;
}

/** What the pre-authorized code was exchanged for: the right to fetch the offer's credentials for a while. */
export interface WalletAccessToken {
  /** sha256 of the bearer token. */
  tokenHash: string;
  offerId: string;
  orgId: string;
  issuerId: string;
  credentialIds: string[];
  createdAt: string;
  expiresAt: string;
  /** DPoP (RFC 9449): the thumbprint of the key the token is bound to; null: a bearer token. */
  dpopJkt: string | null;
}

/**
 * What an access token at the credential endpoint allows: from a pre-authorized code, the credentials of
 * its offer; from Laurel's authorization server (authorization code flow), the configurations the earner
 * consented to, filled with their own awards from this issuer.
 */
export interface WalletGrant {
  orgId: string;
  issuerId: string;
  /** The awards it may deliver, newest first. */
  credentialIds: string[];
  /** The configurations it allows (authorization code flow); null: any of the offer's credentials. */
  configurationIds: ReadonlySet<string> | null;
  source: { kind: 'offer'; offerId: string } | { kind: 'oauth'; clientId: string; userId: string };
}

export interface WalletOfferRepo {
  insert(offer: WalletOffer): Promise<void>;
  findByToken(tokenHash: string): Promise<WalletOffer | undefined>;
  findByCode(codeHash: string): Promise<WalletOffer | undefined>;
  findById(id: string): Promise<WalletOffer | undefined>;
  setTxCode(id: string, txCodeHash: string): Promise<void>;
  /** Counts one tx_code attempt unless `max` were made already; false when the cap is reached. */
  takeTxCodeAttempt(id: string, max: number): Promise<boolean>;
  /** Marks the offer redeemed unless it was, or has expired; true when this call redeemed it. */
  redeem(id: string, at: string): Promise<boolean>;
  insertAccessToken(token: WalletAccessToken): Promise<void>;
  findAccessToken(tokenHash: string): Promise<WalletAccessToken | undefined>;
  insertNonce(nonce: { nonceHash: string; issuerId: string; expiresAt: string }): Promise<void>;
  /** Deletes the nonce if it was issued for this issuer and has not expired; true when it was. */
  consumeNonce(nonceHash: string, issuerId: string, now: string): Promise<boolean>;
  /** Drops expired nonces, and offers (with their tokens) that expired before `before`. */
  purgeExpired(now: string, before: string): Promise<void>;
}
