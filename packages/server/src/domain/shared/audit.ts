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
}

export interface AuditRepo {
  record(entry: AuditEntry): Promise<void>;
  list(orgId: string, query: { limit: number; cursor?: string | undefined }): Promise<{ items: AuditEntry[]; nextCursor?: string | undefined }>;
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
    requestId: actor.requestId ?? null,
    details,
    createdAt: at.toISOString(),
  };
}
