import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { BULK_EXPORT_LIMIT, refuseUnknown, selectCredentials, type BulkSelection } from './bulk-selection.js';
import { effectiveStatus } from './effective-status.js';

/** One line of the credentials CSV export. */
export interface CredentialExportRow {
  id: string;
  recipientName: string | null;
  recipientIdentity: string;
  achievementName: string;
  issuedOn: string;
  expiresAt: string | null;
  status: string;
  claimed: boolean;
  publicUrl: string;
}

/** The selected credentials as rows for a spreadsheet; an id that is not the organisation's refuses the export. */
export async function exportCredentialList(deps: Pick<Deps, 'store' | 'clock' | 'urls'>, input: { actor: Actor; selection: BulkSelection }): Promise<CredentialExportRow[]> {
  const { principal } = input.actor;
  requirePermission(principal, 'credentials:read');
  const credentials = refuseUnknown(await selectCredentials(deps, principal.orgId, input.selection, BULK_EXPORT_LIMIT));
  const names = new Map<string, string>();
  for (const id of new Set(credentials.map((c) => c.achievementId))) {
    names.set(id, (await deps.store.achievements.findById(principal.orgId, id))?.name ?? '');
  }
  const now = deps.clock.now();
  return credentials.map((c) => ({
    id: c.id,
    recipientName: c.recipient.name,
    recipientIdentity: c.recipient.identity,
    achievementName: names.get(c.achievementId) ?? '',
    issuedOn: c.issuedOn,
    expiresAt: c.expiresAt,
    status: effectiveStatus(c, now),
    claimed: c.earnerUserId !== null,
    publicUrl: deps.urls.publicCredentialPage(c.id),
  }));
}
