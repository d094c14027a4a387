/** Award by link: a code an event organiser hands out (link or QR); only its SHA-256 is stored. */
export interface ClaimCode {
  id: string;
  orgId: string;
  achievementId: string;
  codeHash: string;
  label: string | null;
  expiresAt: string;
  maxUses: number;
  uses: number;
  /** The claimer must confirm the e-mail address by a mailed link before the award. */
  verifyEmail: boolean;
  withdrawnAt: string | null;
  createdBy: string | null;
  createdAt: string;
}

export interface ClaimCodeRedemption {
  id: string;
  orgId: string;
  claimCodeId: string;
  email: string;
  credentialId: string;
  createdAt: string;
}

export interface ClaimCodeConfirmation {
  id: string;
  orgId: string;
  claimCodeId: string;
  tokenHash: string;
  email: string;
  name: string | null;
  expiresAt: string;
  createdAt: string;
}

export interface ClaimCodeRepo {
  insert(code: ClaimCode): Promise<void>;
  findById(orgId: string, id: string): Promise<ClaimCode | undefined>;
  /** The public lookup: by the hash of the code (any organisation). */
  findByHash(codeHash: string): Promise<ClaimCode | undefined>;
  list(orgId: string, achievementId?: string | undefined): Promise<ClaimCode[]>;
  withdraw(orgId: string, id: string, at: string): Promise<void>;
  /** Takes one use when the code is live and not used up (one conditional update); false otherwise. */
  takeUse(orgId: string, id: string, now: string): Promise<boolean>;
  /** One award per e-mail per code: false when this e-mail already has one. */
  insertRedemption(redemption: ClaimCodeRedemption): Promise<boolean>;
  redeemed(claimCodeId: string, email: string): Promise<boolean>;
  insertConfirmation(confirmation: ClaimCodeConfirmation): Promise<void>;
  /** Single use: reads and deletes a confirmation by its token's hash. */
  takeConfirmation(tokenHash: string): Promise<ClaimCodeConfirmation | undefined>;
}
