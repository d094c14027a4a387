import type { CredentialRef } from '../analytics/ports.js';
import type { Deps } from '../deps.js';
import { notFound } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';

export interface ClaimDescription {
  achievementName: string;
  issuerName: string;
  email: string;
  usable: boolean;
  reason?: 'already used' | 'expired';
}

/** What a claim link is for, shown before the person signs in. */
export async function describeClaim(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { token: string; /** Told when the link is usable (analytics: the award e-mail's link was followed). */ followed?: ((credential: CredentialRef) => void) | undefined },
): Promise<ClaimDescription> {
  const claim = await deps.store.claims.find(sha256Hex(input.token));
  const credential = claim && (await deps.store.credentials.findPublic(claim.credentialId));
  const achievement = credential && (await deps.store.achievements.findPublic(credential.achievementId));
  const issuer = credential && (await deps.store.issuers.findPublic(credential.issuerId));
  if (!claim || !achievement || !issuer) throw notFound('claim link');
  const reason = claim.usedAt ? 'already used' : Date.parse(claim.expiresAt) <= deps.clock.now().getTime() ? 'expired' : undefined;
  if (!reason && credential) input.followed?.(credential);
  return { achievementName: achievement.name, issuerName: issuer.name, email: claim.email, usable: !reason, ...(reason ? { reason } : {}) };
}
