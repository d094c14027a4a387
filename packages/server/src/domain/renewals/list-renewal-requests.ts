import { requirePermission } from '../auth/permissions.js';
import type { Achievement } from '../achievements/ports.js';
import type { Credential } from '../credentials/ports.js';
import type { Deps } from '../deps.js';
import type { Actor } from '../shared/actor.js';
import type { RenewalRequest, RenewalStatus } from './ports.js';

export interface RenewalQueueItem {
  request: RenewalRequest;
  credential: Credential;
  achievement: Achievement;
}

/** The console's renewal queue: the organisation's requests (pending first by default), with what they renew. */
export async function listRenewalRequests(
  deps: Pick<Deps, 'store'>,
  input: { actor: Actor; status?: RenewalStatus | undefined; limit?: number | undefined },
): Promise<RenewalQueueItem[]> {
  const { principal } = input.actor;
  requirePermission(principal, 'credentials:read');
  const requests = await deps.store.renewalRequests.list(principal.orgId, { status: input.status, issuerId: principal.issuerId, limit: Math.min(input.limit ?? 100, 200) });
  const credentials = new Map((await deps.store.credentials.findManyByIds(principal.orgId, [...new Set(requests.map((r) => r.credentialId))])).map((c) => [c.id, c]));
  const achievements = new Map<string, Achievement>();
  for (const id of new Set(requests.map((r) => r.achievementId))) {
    const a = await deps.store.achievements.findById(principal.orgId, id);
    if (a) achievements.set(id, a);
  }
  return requests.flatMap((request) => {
    const credential = credentials.get(request.credentialId);
    const achievement = achievements.get(request.achievementId);
    return credential && achievement ? [{ request, credential, achievement }] : [];
  });
}
