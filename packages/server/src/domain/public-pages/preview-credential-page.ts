import type { Deps } from '../deps.js';
import { addDuration, parseDuration } from '../achievements/validity.js';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { notFound } from '../shared/errors.js';
import type { PublicCredentialView } from './ports.js';
import { hasIssuerLogo } from './issuer-logo.js';

/**
 * How an award of this achievement will look on its public page, with a sample recipient, before
 * anything is issued. Links that need a real credential point nowhere.
 */
export async function previewCredentialView(
  deps: Pick<Deps, 'store' | 'clock' | 'urls'>,
  input: { actor: Actor; achievementId: string; recipientName: string },
): Promise<PublicCredentialView> {
  const { principal } = input.actor;
  const achievement = await deps.store.achievements.findById(principal.orgId, input.achievementId);
  if (!achievement) throw notFound('achievement');
  requirePermission(principal, 'achievements:read');
  const issuer = await deps.store.issuers.findById(principal.orgId, achievement.issuerId);
  if (!issuer) throw notFound('issuer');
  const now = deps.clock.now();
  // The expiry an award issued now gets (issue-credential's rule), not a fixed year.
  const validity = achievement.validity ? parseDuration(achievement.validity) : undefined;
  const expires = validity ? addDuration(now, validity).toISOString() : null;
  const none = '#preview';
  return {
    id: 'preview',
    status: 'active',
    revocationReason: null,
    replacedBy: null,
    recipientName: input.recipientName,
    issuedOn: now.toISOString(),
    expiresAt: expires,
    narrative: null,
    evidence: [],
    achievement: { id: achievement.id, name: achievement.name, description: achievement.description, kind: achievement.kind, criteria: achievement.criteria, tags: achievement.tags },
    issuer: { id: issuer.id, name: issuer.name, url: issuer.url, description: issuer.description, logoUrl: hasIssuerLogo(issuer) ? deps.urls.issuerLogo(issuer.id) : null },
    signedCredential: '{}',
    urls: { page: none, embed: none, png: deps.urls.badgeImage(achievement.id), svg: none, pdf: none, issuerPage: none, ob3: none, verify: none },
  };
}
