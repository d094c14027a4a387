import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { notFound } from '../shared/errors.js';
import { FieldChecks } from '../shared/validation.js';
import type { Organisation, OrganisationSettings } from './ports.js';

export async function getOrganisation(deps: Pick<Deps, 'store'>, input: { actor: Actor }): Promise<Organisation> {
  requirePermission(input.actor.principal, 'org:read');
  const org = await deps.store.organisations.findById(input.actor.principal.orgId);
  if (!org) throw notFound('organisation');
  return org;
}

export interface UpdateOrganisationInput {
  actor: Actor;
  patch: { name?: string | undefined; settings?: Partial<OrganisationSettings> | undefined };
}

export async function updateOrganisation(deps: Pick<Deps, 'store' | 'clock' | 'ids'>, input: UpdateOrganisationInput): Promise<Organisation> {
  const existing = await getOrganisation(deps, input);
  requirePermission(input.actor.principal, 'org:manage');
  const checks = new FieldChecks();
  if (input.patch.name !== undefined) checks.check(input.patch.name.trim().length > 0, '/name', 'must not be blank');
  checks.throwIfAny();
  const updated: Organisation = {
    ...existing,
    name: input.patch.name?.trim() ?? existing.name,
    settings: { ...existing.settings, ...stripUndefined(input.patch.settings ?? {}) },
    updatedAt: deps.clock.now().toISOString(),
  };
  await deps.store.transaction(async (tx) => {
    await tx.organisations.update(updated);
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'organisation.update', { type: 'organisation', id: updated.id }));
  });
  return updated;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
