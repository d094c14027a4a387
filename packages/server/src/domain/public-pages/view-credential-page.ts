import type { CredentialRef } from '../analytics/ports.js';
import { toPublicView } from './get-credential-page.js';
import { loadPublicCredential, withLiveEndorsements, type Viewer } from './load-public-credential.js';
import type { PublicCredentialView } from './ports.js';
import type { PublicPagesDeps } from './public-pages-deps.js';

/**
 * Someone opened the public credential page: what it shows, and `counted` is told of one view (the
 * analytics recorder: a counter per day and a salted hash for distinct visitors of the day; no cookie,
 * no address, no user agent kept). Only pages that were shown count: a private credential's 404 counts nothing.
 */
export async function viewCredentialPage(
  deps: PublicPagesDeps,
  input: { id: string; viewer?: Viewer | undefined; counted: (credential: CredentialRef) => void },
): Promise<PublicCredentialView> {
  const bundle = await loadPublicCredential(deps, input);
  input.counted(bundle.credential);
  return toPublicView(deps, await withLiveEndorsements(deps, bundle));
}
