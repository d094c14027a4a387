import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { GENESIS_HASH, findBrokenLink, type BrokenLink } from './audit-chain.js';
import { sealAuditLog } from './seal-audit-log.js';

export interface AuditChainReport {
  valid: boolean;
  entries: number;
  headHash: string;
  firstBroken: BrokenLink | null;
}

const PAGE = 1000;

/** Walks the organisation's whole chain (after sealing what is new) and reports the first broken link. */
export async function verifyAuditLog(deps: Pick<Deps, 'store' | 'clock'>, input: { actor: Actor }): Promise<AuditChainReport> {
  requirePermission(input.actor.principal, 'audit:read');
  const orgId = input.actor.principal.orgId;
  await sealAuditLog(deps, orgId);
  let at = { seq: 0, hash: GENESIS_HASH };
  for (;;) {
    const entries = await deps.store.audit.chain(orgId, at.seq, PAGE);
    const { broken, last } = findBrokenLink(entries, at);
    if (broken) return { valid: false, entries: last.seq, headHash: last.hash, firstBroken: broken };
    at = last;
    if (entries.length < PAGE) return { valid: true, entries: at.seq, headHash: at.hash, firstBroken: null };
  }
}
