import type { Deps } from '../deps.js';
import { requireIssuer, requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import type { StatusPurpose } from '../status/ports.js';
import { parseRequestedStatus, setVcStatusBit } from './vc-status.js';

export interface UpdateVcStatusInput {
  actor: Actor;
  credentialId: string;
  /** `[{ type: 'BitstringStatusListEntry', statusPurpose }]` or one such object. */
  credentialStatus: unknown;
  /** Set (default) or clear the bit. */
  status?: boolean | undefined;
}

export interface UpdatedVcStatus {
  credentialId: string;
  credentialStatus: Array<{ type: 'BitstringStatusListEntry'; statusPurpose: StatusPurpose; status: boolean }>;
}

/**
 * W3C VC-API status update: set or clear the revocation / suspension bit of a credential this
 * organisation issued through the VC-API with status entries. Another organisation's credential id is
 * simply not found. Revocation is final (Bitstring Status List: "not reversible"): clearing it is refused.
 * The bits, the list's `updatedAt` (its signed form is made again) and the audit entry change together.
 */
export async function updateVcStatus(deps: Pick<Deps, 'store' | 'clock' | 'ids'>, input: UpdateVcStatusInput): Promise<UpdatedVcStatus> {
  const { principal } = input.actor;
  const { purposes } = parseRequestedStatus(input.credentialStatus, '/credentialStatus');
  if (purposes.length === 0) throw new AppError('validation', 'name at least one status purpose', { fields: [{ path: '/credentialStatus', message: 'empty' }] });
  const entry = await deps.store.vcStatus.findEntry(principal.orgId, input.credentialId);
  if (!entry) throw notFound('credential status');
  requirePermission(principal, 'credentials:revoke');
  requireIssuer(principal, entry.issuerId);
  const value = input.status ?? true;
  for (const purpose of purposes) {
    if (!entry.purposes.includes(purpose)) {
      throw new AppError('validation', `this credential was issued without a ${purpose} entry`, { fields: [{ path: '/credentialStatus', message: `no ${purpose} entry` }] });
    }
  }
  if (!value && purposes.includes('revocation')) throw new AppError('invalid-state', 'revocation is final: a revoked credential cannot be reinstated (suspend it instead)');
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    for (const purpose of purposes) await setVcStatusBit(deps, tx, entry.issuerId, purpose, entry.index, value);
    await tx.audit.record(
      auditEntry(deps.ids.id(), now, input.actor, 'vc-api.status', { type: 'issuer', id: entry.issuerId }, { credentialId: entry.credentialId, purposes: purposes.join(','), status: value }),
    );
  });
  return { credentialId: entry.credentialId, credentialStatus: purposes.map((statusPurpose) => ({ type: 'BitstringStatusListEntry' as const, statusPurpose, status: value })) };
}
