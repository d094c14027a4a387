import { normaliseIdentity } from '@laurel/core';
import { evaluateEvent } from '../event-rules/evaluate-event.js';
import type { EvaluateDeps } from '../event-rules/event-rules-deps.js';
import { receiveSystemEvent } from '../event-rules/receive-event.js';
import { AppError } from '../shared/errors.js';
import type { JobHandler } from '../shared/job-handler.js';
import { payloadString } from '../shared/job-handler.js';
import { isEmail } from '../shared/validation.js';
import { asRecord, asString, SCOPES } from './claims.js';
import { placementEventType } from './deep-linking.js';
import { signJwt } from './jwt.js';
import type { LtiDeps } from './lti-deps.js';
import type { LtiPlacement, LtiPlatform } from './ports.js';

export const LTI_SYNC_JOB = 'lti.sync';
export const LTI_SYNC_SWEEP_JOB = 'lti.sync-sweep';

export type SyncDeps = LtiDeps & EvaluateDeps;

export interface SyncOutcome {
  /** Learners whose score reached the threshold (each is one event, awarded at most once by the placement's rule). */
  reached: number;
  awarded: number;
}

/** RFC 7523 client credentials: a JWT bearer assertion signed with the tool's key, for the platform's token URL. */
async function accessToken(deps: Pick<SyncDeps, 'ltiHttp' | 'vault' | 'clock' | 'ids'>, platform: LtiPlatform): Promise<string> {
  const iat = Math.floor(deps.clock.now().getTime() / 1000);
  const assertion = signJwt(deps.vault.open(platform.toolPrivateJwkSealed, `lti-platform:${platform.id}`), platform.toolKid, {
    iss: platform.clientId, sub: platform.clientId, aud: platform.tokenUrl, iat, exp: iat + 300, jti: deps.ids.token(16),
  });
  const answer = asRecord(await deps.ltiHttp.postForm(platform.tokenUrl, {
    grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion, scope: `${SCOPES.results} ${SCOPES.memberships}`,
  }));
  const token = asString(answer.access_token);
  if (!token) throw new AppError('lti-platform-unreachable', 'the platform\'s token endpoint answered without an access_token');
  return token;
}

/** At most this many pages of a roster or of results are read in one sync. */
const MAX_PAGES = 100;

/** Every item of a paged service (AGS results, NRPS members), following `Link: rel="next"`. */
async function allPages(deps: Pick<SyncDeps, 'ltiHttp'>, first: string, headers: Record<string, string>, items: (json: unknown) => unknown): Promise<unknown[]> {
  const all: unknown[] = [];
  let url: string | null = first;
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const { json, next }: { json: unknown; next: string | null } = await deps.ltiHttp.getPage(url, headers);
    const got = items(json);
    if (Array.isArray(got)) all.push(...got);
    url = next;
  }
  return all;
}

/** The results service URL of a line item: `<lineitem>/results`, its query kept. */
function resultsUrl(lineitem: string): string {
  const url = new URL(lineitem);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/results`;
  return url.href;
}

/**
 * Reads the placement's line item results (AGS) and the course roster (NRPS); each learner whose
 * score / maximum reaches the threshold becomes an event `lti.score:<placement>` with a stable id
 * (placement and LTI user), which the placement's award rule awards — once per recipient, whatever the
 * number of launches and syncs (the event id and the rule's unique award decide, not this loop).
 */
export async function syncPlacement(deps: SyncDeps, placement: LtiPlacement): Promise<SyncOutcome> {
  const outcome: SyncOutcome = { reached: 0, awarded: 0 };
  if (!placement.lineitemUrl || !placement.membershipsUrl) return outcome;
  const platform = await deps.store.lti.findPlatform(placement.orgId, placement.platformId);
  if (!platform) return outcome;
  const token = await accessToken(deps, platform);
  const auth = { authorization: `Bearer ${token}` };
  const results = await allPages(deps, resultsUrl(placement.lineitemUrl), { ...auth, accept: 'application/vnd.ims.lis.v2.resultcontainer+json' }, (json) => json);
  const roster = await allPages(deps, placement.membershipsUrl, { ...auth, accept: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json' }, (json) => asRecord(json).members);
  const members = new Map<string, { email: string; name: string | undefined }>();
  for (const m of roster) {
    const member = asRecord(m);
    const userId = asString(member.user_id);
    const email = asString(member.email);
    if (!userId || !email || (member.status !== undefined && member.status !== 'Active')) continue;
    const normalised = normaliseIdentity('email', email);
    if (isEmail(normalised)) members.set(userId, { email: normalised, name: asString(member.name)?.slice(0, 200) });
  }
  for (const r of results) {
    const result = asRecord(r);
    const userId = asString(result.userId);
    const score = result.resultScore;
    const maximum = result.resultMaximum ?? 100;
    if (!userId || typeof score !== 'number' || typeof maximum !== 'number' || !(maximum > 0)) continue;
    const ratio = score / maximum;
    const member = members.get(userId);
    if (!member || ratio < placement.threshold) continue;
    outcome.reached += 1;
    const received = await receiveSystemEvent(deps, {
      orgId: placement.orgId, via: `lti:${platform.id}`,
      event: {
        id: `lti:${placement.id}:${userId}`.slice(0, 200), type: placementEventType(placement.id), occurredAt: deps.clock.now().toISOString(),
        subject: { email: member.email, name: member.name }, data: { score, maximum, ratio },
      },
    });
    if (received.duplicate) continue;
    // Evaluated here so that a learner's launch shows the badge at once; the queued job then finds it done.
    const evaluated = await evaluateEvent(deps, received.event);
    await deps.store.inboundEvents.markProcessed(placement.orgId, received.event.id, evaluated.awarded.length, deps.clock.now().toISOString());
    outcome.awarded += evaluated.awarded.length;
  }
  await deps.store.lti.markSynced(placement.orgId, placement.id, deps.clock.now().toISOString());
  return outcome;
}

/** The durable `lti.sync` job: one placement's scores. */
export function ltiSyncJob(deps: () => SyncDeps): JobHandler {
  return {
    name: LTI_SYNC_JOB,
    version: 1,
    async handle(payload) {
      const d = deps();
      const placement = await d.store.lti.findPlacement(payloadString(payload, 'orgId'), payloadString(payload, 'placementId'));
      if (!placement) return { skipped: 'gone' };
      return syncPlacement(d, placement);
    },
  };
}

/** The scheduled `lti.sync-sweep` job: queues an `lti.sync` for every placement with a line item. */
export function ltiSyncSweepJob(deps: () => Pick<SyncDeps, 'store'>): JobHandler {
  return {
    name: LTI_SYNC_SWEEP_JOB,
    version: 1,
    async handle() {
      const d = deps();
      const placements = await d.store.lti.placementsToSync();
      for (const p of placements) await d.store.jobs.enqueue({ name: LTI_SYNC_JOB, orgId: p.orgId, payload: { orgId: p.orgId, placementId: p.id }, maxAttempts: 3 });
      return { queued: placements.length };
    },
  };
}
