import { normaliseIdentity } from '@laurel/core';
import type { Deps } from '../deps.js';
import { requireIssuer, requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { notFound } from '../shared/errors.js';
import type { Page } from '../shared/ports.js';
import { foldForSearch } from '../shared/search-text.js';
import type { Credential, CredentialListQuery } from './ports.js';

export async function getCredential(deps: Pick<Deps, 'store'>, input: { actor: Actor; id: string }): Promise<Credential> {
  const credential = await deps.store.credentials.findById(input.actor.principal.orgId, input.id);
  if (!credential) throw notFound('credential');
  requirePermission(input.actor.principal, 'credentials:read');
  requireIssuer(input.actor.principal, credential.issuerId);
  return credential;
}

export async function listCredentials(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { actor: Actor; query: Omit<CredentialListQuery, 'now'> },
): Promise<Page<Credential>> {
  requirePermission(input.actor.principal, 'credentials:read');
  // A caller bound to one issuer lists that issuer's credentials only.
  const bound = input.actor.principal.issuerId;
  const q = bound === undefined ? input.query : { ...input.query, issuerId: bound };
  if (bound !== undefined && input.query.issuerId !== undefined && input.query.issuerId !== bound) return { items: [] };
  const recipient = q.recipient === undefined ? undefined : normaliseIdentity(q.recipient.includes('@') ? 'email' : 'url', q.recipient);
  const search = q.q === undefined ? undefined : foldForSearch(q.q).trim() || undefined;
  return deps.store.credentials.list(input.actor.principal.orgId, { ...q, q: search, recipient, now: deps.clock.now().toISOString() });
}
