import type { Deps } from '../deps.js';
import { checkedImageField } from '../images/image-field.js';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { notFound } from '../shared/errors.js';
import type { Issuer } from './ports.js';
import { checkIssuerFields, type IssuerFields } from './issuer-fields.js';

export interface UpdateIssuerInput {
  actor: Actor;
  id: string;
  patch: Partial<IssuerFields>;
}

export async function updateIssuer(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'imaging'>, input: UpdateIssuerInput): Promise<Issuer> {
  const { principal } = input.actor;
  const existing = await deps.store.issuers.findById(principal.orgId, input.id);
  if (!existing) throw notFound('issuer');
  requirePermission(principal, 'issuers:write');
  checkIssuerFields(input.patch);
  const p = input.patch;
  const image = await checkedImageField(deps, p.image);
  const updated: Issuer = {
    ...existing,
    name: p.name?.trim() ?? existing.name,
    url: p.url ?? existing.url,
    email: p.email ?? existing.email,
    description: p.description === undefined ? existing.description : p.description,
    image: image === undefined ? existing.image : image,
    vcApiStatusPurposes: p.vcApiStatusPurposes ?? existing.vcApiStatusPurposes,
    updatedAt: deps.clock.now().toISOString(),
  };
  await deps.store.transaction(async (tx) => {
    await tx.issuers.update(updated);
    await tx.audit.record(
      auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'issuer.update', { type: 'issuer', id: updated.id }, { fields: Object.keys(p) }),
    );
  });
  return updated;
}
