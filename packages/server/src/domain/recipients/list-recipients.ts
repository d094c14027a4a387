import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import type { Credential, CredentialSort } from '../credentials/ports.js';
import type { Actor } from '../shared/actor.js';
import { notFound } from '../shared/errors.js';
import type { Page } from '../shared/ports.js';
import { foldForSearch } from '../shared/search-text.js';
import type { RecipientListQuery, RecipientSummary } from './ports.js';

/** Everyone the organisation has awarded (one entry per recipient identity), searchable by name or identity without regard to accents or case. */
export async function listRecipients(deps: Pick<Deps, 'store'>, input: { actor: Actor; query: RecipientListQuery }): Promise<Page<RecipientSummary>> {
  requirePermission(input.actor.principal, 'credentials:read');
  const q = input.query.q === undefined ? undefined : foldForSearch(input.query.q).trim() || undefined;
  return deps.store.recipients.list(input.actor.principal.orgId, { ...input.query, q });
}

/** One recipient of the organisation, by their opaque key, with a page of their credentials. */
export async function getRecipientCredentials(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { actor: Actor; key: string; query: { limit: number; cursor?: string | undefined; sort: CredentialSort } },
): Promise<{ recipient: RecipientSummary } & Page<Credential>> {
  const { orgId } = input.actor.principal;
  const recipient = await deps.store.recipients.find(orgId, input.key);
  if (!recipient) throw notFound('recipient');
  requirePermission(input.actor.principal, 'credentials:read');
  const page = await deps.store.credentials.list(orgId, { ...input.query, recipientKey: recipient.key, now: deps.clock.now().toISOString() });
  return { recipient, ...page };
}
