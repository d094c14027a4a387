import type { Deps } from '../deps.js';
import type { BadgeArtwork, CertificateRenderer, PublicPageUrls } from './ports.js';

/** The slice of Deps the public pages need, plus their own adapters (apart from ports.ts: ports never import deps). */
export type PublicPagesDeps = Pick<Deps, 'store' | 'clock' | 'urls' | 'vault'> & { pageUrls: PublicPageUrls };
export type BadgeMediaDeps = PublicPagesDeps & Pick<Deps, 'imaging'> & { artwork: BadgeArtwork };
export type CertificateDeps = PublicPagesDeps & Pick<Deps, 'imaging'> & { certificates: CertificateRenderer; artwork: BadgeArtwork };
