import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { AppError } from '../shared/errors.js';

export const GETTING_STARTED_STEPS = ['issuer', 'achievement', 'award', 'invite'] as const;
export type GettingStartedStep = (typeof GETTING_STARTED_STEPS)[number];

export interface GettingStarted {
  steps: { id: GettingStartedStep; done: boolean }[];
  /** Every step done. */
  complete: boolean;
  /** This member closed the banner. */
  dismissed: boolean;
  /** Whether the console shows the banner: some step left, and not dismissed. */
  show: boolean;
}

/**
 * The console's getting-started steps, each done or not from the organisation's own data (an issuer,
 * an achievement, a first award, someone invited), and whether this member dismissed them.
 */
export async function getGettingStarted(deps: Pick<Deps, 'store'>, input: { actor: Actor }): Promise<GettingStarted> {
  const { principal } = input.actor;
  requirePermission(principal, 'org:read');
  const [progress, dismissedAt] = await Promise.all([
    deps.store.onboarding.progress(principal.orgId),
    principal.userId ? deps.store.onboarding.dismissedAt(principal.orgId, principal.userId) : Promise.resolve(null),
  ]);
  const done: Record<GettingStartedStep, boolean> = {
    issuer: progress.hasIssuer,
    achievement: progress.hasAchievement,
    award: progress.hasCredential,
    invite: progress.hasInvitedSomeone,
  };
  const steps = GETTING_STARTED_STEPS.map((id) => ({ id, done: done[id] }));
  const complete = steps.every((s) => s.done);
  const dismissed = dismissedAt !== null;
  return { steps, complete, dismissed, show: !complete && !dismissed };
}

/** Hide the banner for this member, for good (per organisation). */
export async function dismissGettingStarted(deps: Pick<Deps, 'store' | 'clock'>, input: { actor: Actor }): Promise<GettingStarted> {
  const { principal } = input.actor;
  requirePermission(principal, 'org:read');
  if (!principal.userId) throw new AppError('forbidden', 'only a member can dismiss the getting-started steps');
  await deps.store.onboarding.dismiss(principal.orgId, principal.userId, deps.clock.now().toISOString());
  return getGettingStarted(deps, input);
}
