import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { notFound } from '../shared/errors.js';
import type { Page } from '../shared/ports.js';
import type { Issuer, IssuerListQuery } from './ports.js';

export async function getIssuer(deps: Pick<Deps, 'store'>, input: { actor: Actor; id: string }): Promise<Issuer> {
  const issuer = await deps.store.issuers.findById(input.actor.principal.orgId, input.id);
  if (!issuer) throw notFound('issuer');
  requirePermission(input.actor.principal, 'issuers:read');
  return issuer;
}

export async function listIssuers(deps: Pick<Deps, 'store'>, input: { actor: Actor; query: IssuerListQuery }): Promise<Page<Issuer>> {
  requirePermission(input.actor.principal, 'issuers:read');
  return deps.store.issuers.list(input.actor.principal.orgId, input.query);
}
