import type { Deps } from '../deps.js';
import { sealAuditLog } from '../audit/seal-audit-log.js';
import { requireStepUp } from '../mfa/step-up.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import type { JobHandler } from '../shared/job-handler.js';
import { payloadString } from '../shared/job-handler.js';
import { FieldChecks } from '../shared/validation.js';

export const ORGANISATION_PURGE_JOB = 'organisation.purge';

export interface DeleteOrganisationInput {
  actor: Actor;
  /** The organisation's name, typed again. */
  confirmName: string;
  /** Also withdraw what verifies the credentials already issued (they stop verifying). Default: keep it. */
  withdrawCredentials?: boolean | undefined;
}

/**
 * An owner deletes the organisation, signed in (never an API key: it is a credential of its own) with a factor
 * proven recently, typing its name. In one transaction: the audit entry, the organisation marked deleted, its
 * sessions, API keys, members and data keys gone, and the purge job queued. The entry is sealed into the chain
 * at once (nobody can read this log through the API afterwards; it stays in the database).
 */
export async function deleteOrganisation(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'stepUpSeconds'>, input: DeleteOrganisationInput): Promise<{ deletedAt: string; withdrawCredentials: boolean }> {
  const { principal } = input.actor;
  if (principal.kind !== 'session' || principal.role !== 'owner') throw new AppError('forbidden', 'only an owner, signed in, can delete the organisation (not an API key)');
  requireStepUp(deps, principal);
  const org = await deps.store.organisations.findById(principal.orgId);
  if (!org) throw notFound('organisation');
  new FieldChecks().check(input.confirmName.trim() === org.name.trim(), '/confirmName', "must be the organisation's name, as it is written").throwIfAny();
  const withdraw = input.withdrawCredentials === true;
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'organisation.delete', { type: 'organisation', id: org.id }, { withdrawCredentials: withdraw }));
    await tx.organisationDeletion.markDeleted(org.id, now.toISOString());
    await tx.jobs.enqueue({ name: ORGANISATION_PURGE_JOB, payload: { orgId: org.id, withdraw } });
  });
  await sealAuditLog(deps, org.id);
  return { deletedAt: now.toISOString(), withdrawCredentials: withdraw };
}

/** Job: purge a deleted organisation's rows (idempotent: run again, it finds nothing more). */
export function organisationPurgeJob(deps: Pick<Deps, 'store'>): JobHandler {
  return {
    name: ORGANISATION_PURGE_JOB,
    version: 1,
    async handle(payload) {
      const orgId = payloadString(payload, 'orgId');
      if (!(await deps.store.organisationDeletion.isDeleted(orgId))) return { purged: 0, reason: 'not deleted' };
      const purged = await deps.store.organisationDeletion.purge(orgId, payload.withdraw === true);
      // SQLite: the old pages leave the WAL (as after an erasure).
      await deps.store.privacy.scrub();
      return { purged };
    },
  };
}
