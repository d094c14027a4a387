import { request, withQuery, type DownloadedFile } from './client';
import { ApiError, type ProblemDocument } from './problem';

/** Privacy rights (download my data, delete my account) and the organisation's audit log. */

export interface AuditEntry {
  id: string;
  action: string;
  actorType: string;
  actorId: string | null;
  targetType: string;
  targetId: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  createdAt: string;
  seq: number | null;
  hash: string | null;
}
export interface AuditFilter {
  actorId?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}
export interface AuditChainReport {
  valid: boolean;
  entries: number;
  headHash: string;
  firstBroken: { seq: number; entryId: string; reason: 'hash-mismatch' | 'previous-hash-mismatch' | 'sequence-gap' } | null;
}

/** A GET whose answer is a file; a problem document rejects with ApiError (the page handles `step-up-required`). */
async function getFile(path: string, fallbackName: string): Promise<DownloadedFile> {
  const response = await fetch(`/api/v1${path}`, { credentials: 'same-origin', headers: { accept: '*/*, application/problem+json' } }).catch(() => {
    throw new ApiError(0, { code: 'network', detail: 'network' });
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => null)) as ProblemDocument | null;
    throw new ApiError(response.status, problem ?? { detail: response.statusText });
  }
  const filename = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  return { blob: await response.blob(), filename };
}

export const downloadMyData = () => getFile('/me/export', 'laurel-my-data.zip');
export const deleteMyAccount = () => request<{ credentials: number }>('DELETE', '/me');

const auditQuery = (f: AuditFilter) => ({ actorId: f.actorId, action: f.action, from: f.from, to: f.to });
export const getAuditLog = (filter: AuditFilter, cursor?: string) => request<{ items: AuditEntry[]; nextCursor?: string }>('GET', withQuery('/audit-log', { ...auditQuery(filter), cursor, limit: 50 }));
export const verifyAuditLog = () => request<AuditChainReport>('GET', '/audit-log/verify');
export const downloadAuditLog = (filter: AuditFilter) => getFile(withQuery('/audit-log/export.csv', auditQuery(filter)), 'audit-log.csv');
export const eraseRecipient = (key: string) => request<{ credentials: number }>('POST', `/recipients/${encodeURIComponent(key)}/erase`);
