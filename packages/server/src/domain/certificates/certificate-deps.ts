import type { Deps } from '../deps.js';
import type { BadgeArtwork, CertificateRenderer } from '../public-pages/ports.js';

/** What the certificate template use cases need (apart from ports.ts: ports never import deps). */
export type TemplateDeps = Pick<Deps, 'store' | 'clock' | 'ids'>;
export type LookDeps = Pick<Deps, 'store'> & { artwork: BadgeArtwork };
export type PreviewDeps = LookDeps & Pick<Deps, 'clock'> & { certificates: CertificateRenderer };
