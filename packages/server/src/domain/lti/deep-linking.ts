import { AppError, notFound } from '../shared/errors.js';
import { signJwt } from './jwt.js';
import type { LtiDeps, ToolUrls } from './lti-deps.js';
import type { LtiPlacement } from './ports.js';
import { CLAIM } from './claims.js';
import { sameSecret } from './launch.js';

/** The event type an LTI placement's award rule listens to. */
export const placementEventType = (placementId: string) => `lti.score:${placementId}`;

/**
 * Deep Linking 2.0 response: the instructor picked an achievement (and a score threshold) after a
 * deep-linking launch. A placement and its award rule are stored, and an LtiDeepLinkingResponse JWT,
 * signed with the tool's key for this platform, is returned with the platform's return URL.
 */
export async function respondDeepLink(
  deps: Pick<LtiDeps, 'store' | 'clock' | 'ids' | 'vault'>,
  urls: ToolUrls,
  input: { state: string; cookieState: string | undefined; achievementId: string; threshold: number },
): Promise<{ returnUrl: string; jwt: string; placement: LtiPlacement }> {
  if (!input.cookieState || !sameSecret(input.cookieState, input.state)) throw new AppError('lti-launch-invalid', 'the state does not match this browser\'s launch');
  const launch = await deps.store.lti.findLaunch(input.state);
  if (!launch?.consumedAt || !launch.deepLink) throw new AppError('lti-launch-invalid', 'no deep-linking launch is waiting for a choice here');
  const platform = await deps.store.lti.findPlatform(launch.orgId, launch.platformId);
  if (!platform) throw new AppError('lti-launch-invalid', 'the platform is no longer registered');
  if (!(input.threshold > 0 && input.threshold <= 1)) throw new AppError('validation', 'the threshold is a fraction of the maximum score', { fields: [{ path: '/threshold', message: 'must be greater than 0 and at most 1' }] });
  const achievement = await deps.store.achievements.findById(launch.orgId, input.achievementId);
  if (!achievement) throw notFound('achievement');
  const context = await deps.store.lti.takeDeepLink(input.state);
  if (!context) throw new AppError('lti-launch-invalid', 'this deep-linking launch was already answered');

  const now = deps.clock.now();
  const placementId = deps.ids.id();
  const ruleId = deps.ids.id();
  const placement: LtiPlacement = {
    id: placementId, orgId: launch.orgId, platformId: platform.id, achievementId: achievement.id, ruleId, threshold: input.threshold,
    contextId: context.contextId, lineitemUrl: null, membershipsUrl: null, lastSyncedAt: null, createdAt: now.toISOString(),
  };
  await deps.store.transaction(async (tx) => {
    await tx.awardRules.insert({
      id: ruleId, orgId: launch.orgId, achievementId: achievement.id, name: `LTI: ${platform.name} ${context.contextId ?? ''}`.trim().slice(0, 200),
      eventType: placementEventType(placementId), conditions: { path: 'ratio', op: '>=', value: input.threshold }, requires: null,
      repeatable: false, enabled: true, createdAt: now.toISOString(), updatedAt: now.toISOString(),
    });
    await tx.lti.insertPlacement(placement);
  });

  const iat = Math.floor(now.getTime() / 1000);
  const claims: Record<string, unknown> = {
    iss: platform.clientId, aud: platform.issuer, iat, exp: iat + 300, nonce: deps.ids.token(16),
    [CLAIM.messageType]: 'LtiDeepLinkingResponse', [CLAIM.version]: '1.3.0', [CLAIM.deploymentId]: context.deploymentId,
    [CLAIM.contentItems]: [{
      type: 'ltiResourceLink', title: achievement.name.slice(0, 200), url: urls.launch,
      custom: { laurel_placement: placementId },
      lineItem: { scoreMaximum: 100, label: achievement.name.slice(0, 200), resourceId: placementId, tag: 'laurel-badge' },
    }],
  };
  if (context.data) claims[CLAIM.deepLinkingData] = context.data;
  const privateJwk = deps.vault.open(platform.toolPrivateJwkSealed, `lti-platform:${platform.id}`);
  return { returnUrl: context.returnUrl, jwt: signJwt(privateJwk, platform.toolKid, claims), placement };
}
