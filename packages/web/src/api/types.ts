/** Shapes of the Laurel API's JSON (see /api/docs). */
export const ROLES = ['viewer', 'issuer', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export const ACHIEVEMENT_KINDS = ['badge', 'certificate', 'certification'] as const;
export type AchievementKind = (typeof ACHIEVEMENT_KINDS)[number];

export const CREDENTIAL_STATUSES = ['active', 'revoked', 'suspended', 'expired'] as const;
export type CredentialStatus = (typeof CREDENTIAL_STATUSES)[number];

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface Session {
  user: { id: string; email: string; name: string | null };
  organisationId: string | null;
  role: Role | null;
  csrfToken: string;
}

export interface SetupInput {
  organisationName: string;
  email: string;
  password: string;
  name?: string;
}

export interface SetupResult {
  organisationId: string;
  userId: string;
  apiKey: string;
  session: Session;
}

export interface Organisation {
  id: string;
  name: string;
  settings: { defaultVisibility: 'public' | 'private'; locale: string };
  createdAt: string;
  updatedAt: string;
}

export interface Member {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  createdAt: string;
}

export interface NewMember {
  email: string;
  role: Role;
  name?: string;
  password?: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiKey extends ApiKey {
  secret: string;
}

export interface Issuer {
  id: string;
  name: string;
  url: string;
  email: string;
  description: string | null;
  image: string | null;
  ob2Url: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewIssuer {
  name: string;
  url: string;
  email: string;
  description?: string;
  image?: string;
}

export interface Criteria {
  narrative?: string;
  url?: string;
}

export interface Alignment {
  targetName: string;
  targetUrl: string;
  targetDescription?: string;
  targetFramework?: string;
  targetCode?: string;
}

export interface Achievement {
  id: string;
  issuerId: string;
  kind: AchievementKind;
  name: string;
  description: string;
  criteria: Criteria;
  image: string | null;
  tags: string[];
  alignments: Alignment[];
  validity: string | null;
  renewable: boolean;
  archived: boolean;
  ob2Url: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewAchievement {
  issuerId: string;
  kind: AchievementKind;
  name: string;
  description: string;
  criteria: Criteria;
  image?: string;
  tags?: string[];
  alignments?: Alignment[];
  validity?: string;
  renewable?: boolean;
}

export interface Evidence {
  url?: string;
  name?: string;
  narrative?: string;
}

export interface Recipient {
  email?: string;
  url?: string;
  telephone?: string;
  name?: string;
}

export interface Credential {
  id: string;
  achievementId: string;
  issuerId: string;
  recipient: { type: string; identity: string; hashedIdentity: string; name: string | null };
  issuedOn: string;
  expires: string | null;
  narrative: string | null;
  evidence: Evidence[];
  status: CredentialStatus;
  revocationReason: string | null;
  revokedAt: string | null;
  visibility: 'public' | 'private';
  ob2Url: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewCredential {
  achievementId: string;
  recipient: Recipient;
  issuedOn?: string;
  expires?: string;
  narrative?: string;
  evidence?: Evidence[];
}

export interface CredentialQuery {
  achievementId?: string;
  status?: CredentialStatus;
  q?: string;
  sort?: string;
  cursor?: string;
  limit?: number;
}

export interface ListQuery {
  q?: string;
  sort?: string;
  cursor?: string;
  limit?: number;
}

export interface AchievementQuery extends ListQuery {
  issuerId?: string;
  kind?: AchievementKind;
  tag?: string;
}
