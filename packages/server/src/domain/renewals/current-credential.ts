import type { Deps } from '../deps.js';
import type { Credential } from '../credentials/ports.js';
import { notFound } from '../shared/errors.js';
import { isOwner } from '../public-pages/load-public-credential.js';

/** A renewal chain longer than this is a loop or an attack on the walk: the walk stops. */
const MAX_CHAIN = 100;

/**
 * The certification's `refreshService`: the newest credential of its renewal chain (itself when never
 * renewed), as the signed OB 3.0 document. Read like the credential itself: public credentials by anyone,
 * private ones only by their earner's session; otherwise not found (the same answer as an unknown id).
 */
export async function getCurrentCredential(
  deps: Pick<Deps, 'store'>,
  input: { id: string; viewerUserId?: string | undefined },
): Promise<{ credential: Credential; body: string }> {
  const readable = async (c: Credential): Promise<boolean> => c.visibility === 'public' || (await isOwner(deps, c, input.viewerUserId));
  const first = await deps.store.credentials.findPublic(input.id);
  if (!first || !(await readable(first))) throw notFound('credential');
  let current: Credential = first;
  for (let hops = 0; current.supersededBy && hops < MAX_CHAIN; hops++) {
    const next = await deps.store.credentials.findPublic(current.supersededBy);
    if (!next || next.orgId !== current.orgId || next.renewsCredentialId !== current.id) break;
    current = next;
  }
  if (!(await readable(current))) throw notFound('credential');
  const doc = await deps.store.credentialDocuments.find(current.id, 'ob3');
  if (!doc) throw notFound('credential document');
  return { credential: current, body: doc.body };
}
