import type { AchievementKind } from '@laurel/core';
import { notFound } from '../shared/errors.js';
import type { PublicPagesDeps } from './ports.js';

export interface PublicIssuerView {
  id: string;
  name: string;
  url: string;
  description: string | null;
  achievements: { id: string; name: string; description: string; kind: AchievementKind; imageUrl: string }[];
}

const MAX_LISTED = 200;

/** An issuer's public profile and the achievements it offers (archived ones left out). */
export async function getPublicIssuerView(deps: Pick<PublicPagesDeps, 'store' | 'urls'>, input: { id: string }): Promise<PublicIssuerView> {
  const issuer = await deps.store.issuers.findPublic(input.id);
  if (!issuer) throw notFound('issuer');
  const page = await deps.store.achievements.list(issuer.orgId, { issuerId: issuer.id, sort: 'name', limit: MAX_LISTED, includeArchived: false });
  return {
    id: issuer.id,
    name: issuer.name,
    url: issuer.url,
    description: issuer.description,
    achievements: page.items.map((a) => ({ id: a.id, name: a.name, description: a.description, kind: a.kind, imageUrl: deps.urls.badgeImage(a.id) })),
  };
}
