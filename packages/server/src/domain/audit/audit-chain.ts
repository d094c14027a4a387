import { createHash } from 'node:crypto';
import type { AuditEntry, ChainLink } from '../shared/audit.js';

/** The hash an organisation's chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so the same entry always gives the same bytes (whatever the engine returns). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * What an entry's hash covers: everything it says except the IP address and user agent, which the
 * organisation's IP retention erases later (an erased IP must not break the chain).
 */
export const linkEntry: ChainLink = (prevHash, e) =>
  createHash('sha256')
    .update(`laurel-audit-v1\n${prevHash}\n`)
    .update(canonical({ seq: e.seq, id: e.id, orgId: e.orgId, actorType: e.actorType, actorId: e.actorId, action: e.action, targetType: e.targetType, targetId: e.targetId, requestId: e.requestId, details: e.details, createdAt: e.createdAt }))
    .digest('hex');

export interface BrokenLink {
  seq: number;
  entryId: string;
  reason: 'hash-mismatch' | 'previous-hash-mismatch' | 'sequence-gap';
}

/** Walks entries in chain order from `start` (the previous entry's seq and hash): the first broken link, if any. */
export function findBrokenLink(entries: AuditEntry[], start: { seq: number; hash: string }): { broken?: BrokenLink; last: { seq: number; hash: string } } {
  let { seq, hash } = start;
  for (const e of entries) {
    const at = Number(e.seq);
    if (at !== seq + 1) return { broken: { seq: seq + 1, entryId: e.id, reason: 'sequence-gap' }, last: { seq, hash } };
    if (e.prevHash !== hash) return { broken: { seq: at, entryId: e.id, reason: 'previous-hash-mismatch' }, last: { seq, hash } };
    if (linkEntry(hash, { ...e, seq: at }) !== e.hash) return { broken: { seq: at, entryId: e.id, reason: 'hash-mismatch' }, last: { seq, hash } };
    seq = at;
    hash = e.hash;
  }
  return { last: { seq, hash } };
}
