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
}

export interface ApiKeyRepo {
  insert(key: ApiKey): Promise<void>;
  findById(orgId: string, id: string): Promise<ApiKey | undefined>;
  findByHash(keyHash: string): Promise<ApiKey | undefined>;
  list(orgId: string): Promise<ApiKey[]>;
  markUsed(id: string, at: string): Promise<void>;
  revoke(orgId: string, id: string, at: string): Promise<void>;
}
