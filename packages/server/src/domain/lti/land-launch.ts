import { isAppError } from '../shared/errors.js';
import { isInstructor } from './claims.js';
import type { ValidatedLaunch } from './launch.js';
import { syncPlacement, type SyncDeps } from './sync-scores.js';

/** What a learner's (or instructor's) resource-link launch shows inside the LMS. */
export interface LaunchView {
  achievementName: string | null;
  instructor: boolean;
  /** The learner's credential of the placed achievement, when they hold one. */
  credential: { id: string; status: string } | null;
  /** False when the platform's scores could not be read just now (the scheduled sync will try again). */
  synced: boolean;
}

/**
 * A resource-link launch of a placement (custom `laurel_placement`): the line item and roster URLs the
 * platform sent are remembered, the scores are read (AGS/NRPS) and awarded, and the learner's badge is looked up.
 */
export async function landLaunch(deps: SyncDeps, launch: ValidatedLaunch): Promise<LaunchView> {
  const view: LaunchView = { achievementName: null, instructor: isInstructor(launch.roles), credential: null, synced: false };
  const placementId = typeof launch.custom.laurel_placement === 'string' ? launch.custom.laurel_placement : undefined;
  const found = placementId ? await deps.store.lti.findPlacement(launch.platform.orgId, placementId) : undefined;
  const placement = found?.platformId === launch.platform.id ? found : undefined;
  if (!placement) return view;
  view.achievementName = (await deps.store.achievements.findById(placement.orgId, placement.achievementId))?.name ?? null;
  const current = {
    ...placement,
    lineitemUrl: launch.lineitemUrl ?? placement.lineitemUrl,
    membershipsUrl: launch.membershipsUrl ?? placement.membershipsUrl,
    contextId: launch.contextId ?? placement.contextId,
  };
  if (current.lineitemUrl !== placement.lineitemUrl || current.membershipsUrl !== placement.membershipsUrl || current.contextId !== placement.contextId) {
    await deps.store.lti.updatePlacementEndpoints(placement.orgId, placement.id, current.lineitemUrl, current.membershipsUrl, current.contextId);
  }
  try {
    await syncPlacement(deps, current);
    view.synced = true;
  } catch (error) {
    if (!isAppError(error)) throw error;
  }
  if (launch.email) view.credential = (await deps.store.lti.credentialFor(placement.orgId, placement.achievementId, launch.email)) ?? null;
  return view;
}
