import type { Deps } from '../deps.js';
import { checkedImageField } from '../images/image-field.js';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import type { Issuer, IssuerIdentity } from './ports.js';
import { generateIssuerKeys } from '../keys/provision-issuer-keys.js';
import { ensureStatusLists } from '../status/status-lists.js';
import { checkIssuerFields, type IssuerFields } from './issuer-fields.js';

export interface CreateIssuerInput {
  actor: Actor;
  data: IssuerFields & { identity?: IssuerIdentity | undefined };
}

export async function createIssuer(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'vault' | 'imaging'>, input: CreateIssuerInput): Promise<Issuer> {
  requirePermission(input.actor.principal, 'issuers:write');
  checkIssuerFields(input.data);
  const image = await checkedImageField(deps, input.data.image);
  const now = deps.clock.now().toISOString();
  const issuer: Issuer = {
    id: deps.ids.id(),
    orgId: input.actor.principal.orgId,
    name: input.data.name.trim(),
    url: input.data.url,
    email: input.data.email,
    description: input.data.description ?? null,
    image: image ?? null,
    identity: input.data.identity ?? 'did:web',
    vcApiStatusPurposes: input.data.vcApiStatusPurposes ?? [],
    createdAt: now,
    updatedAt: now,
  };
  const keys = await generateIssuerKeys(deps, { orgId: issuer.orgId, issuerId: issuer.id });
  await deps.store.transaction(async (tx) => {
    await tx.issuers.insert(issuer);
    for (const key of keys) await tx.issuerKeys.insert(key);
    await ensureStatusLists(deps, tx, issuer.orgId, issuer.id);
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'issuer.create', { type: 'issuer', id: issuer.id }));
  });
  return issuer;
}
