import type { Deps } from '../deps.js';
import { notFound } from '../shared/errors.js';

export interface LinkedProvider {
  id: string;
  provider: string;
  /** The provider's label, or its id when it is no longer configured. */
  label: string;
  email: string | null;
  createdAt: string;
  lastSignInAt: string | null;
}

/** The providers the signed-in person can sign in with. */
export async function listLinkedProviders(deps: Pick<Deps, 'store' | 'earnerProviders'>, userId: string): Promise<LinkedProvider[]> {
  const labels = new Map((deps.earnerProviders ?? []).map((p) => [p.id, p.label]));
  return (await deps.store.earnerOidc.listLinks(userId)).map((l) => ({ id: l.id, provider: l.provider, label: labels.get(l.provider) ?? l.provider, email: l.email, createdAt: l.createdAt, lastSignInAt: l.lastSignInAt }));
}

/** Unlinks a provider: it signs nobody in to this account any more (a later sign-in with it links again only through a verified address). */
export async function removeLinkedProvider(deps: Pick<Deps, 'store'>, userId: string, linkId: string): Promise<void> {
  if (!(await deps.store.earnerOidc.removeLink(userId, linkId))) throw notFound('linked provider');
}
