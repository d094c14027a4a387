import type { Actor } from './actor.js';

export interface AuditEntry {
  id: string;
  orgId: string;
  actorType: 'user' | 'api-key' | 'oauth-client' | 'system';
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  createdAt: string;
  /** The caller's User-Agent (staff actions and sign-ins); kept, like the IP, for the organisation's IP retention. */
  userAgent?: string | null | undefined;
  /** Set when the entry is sealed into its organisation's chain (see domain/audit/audit-chain.ts). */
  seq?: number | null | undefined;
  prevHash?: string | null | undefined;
  hash?: string | null | undefined;
}

/** Which entries to read: by actor, action (exact or a `prefix.` ending in a dot) and a time range. */
export interface AuditFilter {
  actorId?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** Links an entry to the previous hash of its organisation's chain. */
export type ChainLink = (prevHash: string, entry: AuditEntry & { seq: number }) => string;

export interface AuditRepo {
  record(entry: AuditEntry): Promise<void>;
  list(orgId: string, query: { limit: number; cursor?: string | undefined } & AuditFilter): Promise<{ items: AuditEntry[]; nextCursor?: string | undefined }>;
  /**
   * Seals the organisation's entries not yet in its chain, oldest first: each gets the next `seq`, the
   * previous hash and its own. Holds the organisation's head row (FOR UPDATE on PostgreSQL) while it does,
   * so two sealers never hand out the same place. Returns how many were sealed.
   */
  seal(orgId: string, link: ChainLink, now: string): Promise<number>;
  /** Sealed entries in chain order after `afterSeq`, up to `limit`. */
  chain(orgId: string, afterSeq: number, limit: number): Promise<AuditEntry[]>;
  /** Organisations with entries not sealed yet. */
  orgsWithUnsealed(): Promise<string[]>;
  /** Forgets IP addresses and user agents recorded before `before` (the organisation's IP retention). */
  forgetNetworkDetails(orgId: string, before: string): Promise<number>;
}

/** Build the audit entry for an action an actor took on a target. */
export function auditEntry(
  id: string,
  at: Date,
  actor: Actor,
  action: string,
  target: { type: string; id: string },
  details: Record<string, unknown> = {},
): AuditEntry {
  const p = actor.principal;
  return {
    id,
    orgId: p.orgId,
    actorType: p.kind === 'session' ? 'user' : p.kind,
    actorId: p.kind === 'api-key' ? (p.apiKeyId ?? null) : p.kind === 'oauth-client' ? (p.clientId ?? null) : (p.userId ?? null),
    action,
    targetType: target.type,
    targetId: target.id,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent ?? null,
    requestId: actor.requestId ?? null,
    details,
    createdAt: at.toISOString(),
  };
}
