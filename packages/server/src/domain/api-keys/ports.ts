import type { Permission, Role } from '../auth/permissions.js';

export interface ApiKey {
  id: string;
  orgId: string;
  name: string;
  /** Shown to humans to recognise a key: `lrl_ab12cd34`. */
  prefix: string;
  /** sha256 of the whole secret key; the key itself is never stored. */
  keyHash: string;
  role: Role;
  scopes: Permission[];
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  /** The one issuer the key may act on; null: every issuer of the organisation. */
  issuerId: string | null;
}

/** A key as authentication reads it: with its creator's current role in the key's organisation. */
export interface PresentedApiKey extends ApiKey {
  /** The creator's role now, or null when the key has no creator or the creator is no longer a member. */
  creatorRole: Role | null;
}

export interface ApiKeyRepo {
  insert(key: ApiKey): Promise<void>;
  findById(orgId: string, id: string): Promise<ApiKey | undefined>;
  findByHash(keyHash: string): Promise<PresentedApiKey | undefined>;
  list(orgId: string): Promise<ApiKey[]>;
  markUsed(id: string, at: string): Promise<void>;
  revoke(orgId: string, id: string, at: string): Promise<void>;
  /** Revoke every key a member made in an organisation (not yet revoked); returns how many. */
  revokeCreatedBy(orgId: string, userId: string, at: string): Promise<number>;
}
