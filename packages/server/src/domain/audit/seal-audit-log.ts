import type { Deps } from '../deps.js';
import { linkEntry } from './audit-chain.js';

/**
 * Seals the organisation's new audit entries into its chain. Writers only insert (the issuing statement
 * stays one statement); sealing runs before the log is read, verified or exported, and every day for
 * every organisation, under the organisation's lock.
 */
export async function sealAuditLog(deps: Pick<Deps, 'store' | 'clock'>, orgId: string): Promise<number> {
  return deps.store.audit.seal(orgId, linkEntry, deps.clock.now().toISOString());
}

/** Seals every organisation's pending entries (the daily job). */
export async function sealAllAuditLogs(deps: Pick<Deps, 'store' | 'clock'>): Promise<number> {
  let sealed = 0;
  for (const orgId of await deps.store.audit.orgsWithUnsealed()) sealed += await sealAuditLog(deps, orgId);
  return sealed;
}
