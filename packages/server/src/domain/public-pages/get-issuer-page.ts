import type { AchievementKind } from '@laurel/core';
import { issuerDidWith } from '../keys/issuer-identity.js';
import { notFound } from '../shared/errors.js';
import { hasIssuerLogo } from './issuer-logo.js';
import type { PublicPagesDeps } from './public-pages-deps.js';
import type { PublicEndorsement } from './ports.js';
import { publicEndorsementsOf } from './public-endorsements.js';

export interface PublicIssuerView {
  id: string;
  name: string;
  url: string;
  description: string | null;
  /** The issuer's logo (PNG, served here), or null when it has none to show. */
  logoUrl: string | null;
  /** The DIDs its OB 3.0 credentials name as issuer: its did:web, or the did:key of each key generation. */
  identities: { did: string; since: string; current: boolean }[];
  achievements: { id: string; name: string; description: string; kind: AchievementKind; imageUrl: string; endorsements: PublicEndorsement[] }[];
  /** Live endorsements of the issuer itself. */
  endorsements: PublicEndorsement[];
  /** Its OB 3.0 Profile (JSON-LD, with the endorsements as signed). */
  profileUrl: string;
}

export type { PublicEndorsement };

const MAX_LISTED = 200;

/**
 * An issuer's public profile, the DIDs its credentials are signed as (so a verifier can tie a
 * did:key to this organisation), and the achievements it offers (archived ones left out).
 */
export async function getPublicIssuerView(deps: Pick<PublicPagesDeps, 'store' | 'urls'>, input: { id: string }): Promise<PublicIssuerView> {
  const issuer = await deps.store.issuers.findPublic(input.id);
  if (!issuer) throw notFound('issuer');
  const [page, keys, endorsements] = await Promise.all([
    deps.store.achievements.list(issuer.orgId, { issuerId: issuer.id, sort: 'name', limit: MAX_LISTED, includeArchived: false }),
    deps.store.issuerKeys.listForIssuer(issuer.id),
    deps.store.endorsements.listLiveForSubjectOrg(issuer.orgId),
  ]);
  const endorsementsOf = (type: 'achievement' | 'issuer', id: string): PublicEndorsement[] => publicEndorsementsOf(endorsements, deps.urls, type, id);
  const identities =
    issuer.identity === 'did:web'
      ? [{ did: deps.urls.didWeb(issuer.id), since: issuer.createdAt, current: true }]
      : keys.filter((k) => k.algorithm === 'Ed25519').map((k) => ({ did: issuerDidWith(deps.urls, issuer, k), since: k.createdAt, current: k.status === 'active' }));
  return {
    id: issuer.id,
    name: issuer.name,
    url: issuer.url,
    description: issuer.description,
    logoUrl: hasIssuerLogo(issuer) ? deps.urls.issuerLogo(issuer.id) : null,
    identities,
    achievements: page.items.map((a) => ({ id: a.id, name: a.name, description: a.description, kind: a.kind, imageUrl: deps.urls.badgeImage(a.id), endorsements: endorsementsOf('achievement', a.id) })),
    endorsements: endorsementsOf('issuer', issuer.id),
    profileUrl: deps.urls.ob3Issuer(issuer.id),
  };
}
