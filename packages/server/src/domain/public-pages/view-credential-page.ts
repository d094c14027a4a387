import { toPublicView } from './get-credential-page.js';
import { loadPublicCredential, type Viewer } from './load-public-credential.js';
import type { PublicCredentialView } from './ports.js';
import type { PublicPagesDeps } from './public-pages-deps.js';

/**
 * Someone opened the public credential page: what it shows, and one more view on today's counter of the
 * credential (a number per day; nothing about who looked: no cookie, no address, no user agent).
 * Only pages that were shown count: a private credential's 404 counts nothing.
 */
export async function viewCredentialPage(deps: PublicPagesDeps, input: { id: string; viewer?: Viewer | undefined }): Promise<PublicCredentialView> {
  const bundle = await loadPublicCredential(deps, input);
  await deps.store.credentialEvents.countView(bundle.credential.id, deps.clock.now().toISOString().slice(0, 10));
  return toPublicView(deps, bundle);
}
