import type { Deps } from '../deps.js';
import { sealAllAuditLogs } from '../audit/seal-audit-log.js';
import type { AuditEntry } from '../shared/audit.js';
import { ERASED } from './erase-recipient.js';

const DAY_MS = 86_400_000;
const BATCH = 500;

export interface RetentionReport {
  sealed: number;
  erasedCredentials: number;
  forgottenNetworkDetails: number;
  /** Evidence files uploaded more than a day ago that no award names (abandoned uploads): deleted. */
  deletedEvidenceFiles: number;
}

/**
 * The daily privacy job: seals new audit entries into their chains, erases the recipient data of unclaimed
 * awards older than each organisation's `unclaimedRetentionDays` (audit-logged without it), and forgets IP
 * addresses and user agents older than `ipRetentionDays`, and deletes evidence files no award named within a
 * day of their upload. Idempotent: running it twice changes nothing more.
 */
export async function applyRetention(deps: Pick<Deps, 'store' | 'clock' | 'ids'>): Promise<RetentionReport> {
  const report: RetentionReport = { sealed: await sealAllAuditLogs(deps), erasedCredentials: 0, forgottenNetworkDetails: 0, deletedEvidenceFiles: 0 };
  const now = deps.clock.now();
  report.deletedEvidenceFiles = await deps.store.evidenceFiles.deleteUnattachedBefore(new Date(now.getTime() - DAY_MS).toISOString());
  for (const org of await deps.store.privacy.organisationsWithRetention()) {
    const days = Number(org.settings.unclaimedRetentionDays);
    if (Number.isInteger(days) && days > 0) {
      const before = new Date(now.getTime() - days * DAY_MS).toISOString();
      for (;;) {
        const batch = await deps.store.privacy.unclaimedBefore(org.id, before, BATCH);
        if (batch.length === 0) break;
        const changed = await deps.store.transaction(async (tx) => {
          const n = await tx.privacy.eraseRecipientData(batch, ERASED);
          const entry: AuditEntry = {
            id: deps.ids.id(), orgId: org.id, actorType: 'system', actorId: null, action: 'recipient.erase-by-retention', targetType: 'organisation', targetId: org.id,
            ip: null, requestId: null, details: { credentials: n, retentionDays: days }, createdAt: now.toISOString(),
          };
          await tx.audit.record(entry);
          return n;
        });
        report.erasedCredentials += changed;
        await deps.store.privacy.scrub();
        if (batch.length < BATCH || changed === 0) break;
      }
    }
    const ipDays = Number(org.settings.ipRetentionDays);
    if (Number.isInteger(ipDays) && ipDays > 0) {
      const before = new Date(now.getTime() - ipDays * DAY_MS).toISOString();
      report.forgottenNetworkDetails += await deps.store.audit.forgetNetworkDetails(org.id, before);
      report.forgottenNetworkDetails += await deps.store.privacy.forgetSessionNetworkDetails(org.id, before);
    }
  }
  return report;
}
