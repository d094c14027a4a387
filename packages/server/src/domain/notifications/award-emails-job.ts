import type { Credential } from '../credentials/ports.js';
import type { EvaluateDeps } from '../event-rules/event-rules-deps.js';
import { pathwayAwardsOf } from '../event-rules/pathway-awards.js';
import { JobInterrupted, type JobContext, type JobHandler } from '../shared/job-handler.js';
import { payloadString } from '../shared/job-handler.js';
import { issuedWebhooks } from '../webhooks/issued-event.js';
import { awardAbout, emailAward, type NotifyDeps } from './notify-recipient.js';

/**
 * The awards of a bulk chunk, one job for them all (a single issue keeps its `credential.issued` job): what that job
 * does for one credential, for each of the chunk's — its webhook events, the pathways it completes, its award e-mail.
 */
export const AWARD_EMAILS_JOB = 'credential.issued.batch';
/** The job's lock is extended at most this often while it sends. */
const HEARTBEAT_EVERY_MS = 1000;
/** Credentials one such job names at most (a chunk's; a payload naming more is refused). */
export const AWARD_EMAILS_MAX = 1000;

export type AwardEmailsDeps = NotifyDeps & EvaluateDeps;

/** Some of the batch's e-mails failed: the job is retried for them, the others are not redone. */
export class AwardEmailsIncomplete extends Error {
  constructor(failed: number, of: number) {
    super(`${failed} of ${of} awards could not be notified; the job retries them (e-mails recorded as sent are not sent again)`);
    this.name = 'AwardEmailsIncomplete';
  }
}

/**
 * The credentials read in one query; the webhook events queued in one transaction (when the organisation has an
 * endpoint); the achievement, issuer and organisation, the pathway rules and the recipients' opt-outs read once; then each award e-mail, one after the other over
 * one connection to the mail server (`Mailer.session`), each recorded as sent right after the server took it. The
 * e-mail of credential `c` has the key `<job id>.<c>` (its claim token's job id and Message-ID), so a retry of a
 * half-done job — the process killed after some sends — skips those recorded as sent. A recipient whose e-mail
 * fails (refused, a bounce: recorded as `email.failed`, as for one award) does not stop the others; the job then
 * fails and is retried for those that remain. Any other error (the database) stops the job, to be retried.
 */
export async function notifyAwards(
  deps: AwardEmailsDeps,
  input: { orgId: string; credentialIds: readonly string[]; jobId: string; attempt?: number | undefined } & Pick<JobContext, 'heartbeat' | 'signal'>,
): Promise<{ sent: number; skipped: number; failed: number }> {
  const found = new Map((await deps.store.credentials.findManyByIds(input.orgId, input.credentialIds)).map((c) => [c.id, c]));
  const credentials = input.credentialIds.map((id) => found.get(id)).filter((c): c is Credential => c !== undefined);
  const key = (c: Credential) => `${input.jobId}.${c.id}`;
  await issuedWebhooks(deps, input.orgId, credentials.map((credential) => ({ credential, eventId: key(credential) })));
  const about = awardAbout(deps);
  // The batch's opt-outs in one read (by blind index), not one a recipient.
  const addresses = [...new Set(credentials.filter((c) => c.recipient.type === 'email').map((c) => c.recipient.identity))];
  const optedOut = new Set(addresses.length > 0 ? await deps.store.optOuts.among(input.orgId, addresses) : []);
  const rules = pathwayRulesReadOnce(deps);
  const session = deps.mailer.session?.();
  const counts = { sent: 0, skipped: input.credentialIds.length - credentials.length, failed: 0 };
  let beatAt = Date.now();
  try {
    for (const credential of credentials) {
      // Shutting down: the job goes back to the queue between two e-mails (those recorded as sent are not redone).
      if (input.signal?.aborted) throw new JobInterrupted();
      // A batch outlasts one e-mail's lock: kept, so no other worker takes the job (and sends its e-mails) meanwhile.
      if (Date.now() - beatAt >= HEARTBEAT_EVERY_MS) {
        beatAt = Date.now();
        await input.heartbeat?.();
      }
      // Anything but a send (the database, a pathway's signing) throws: the job retries, skipping what was sent.
      await pathwayAwardsOf(rules, credential);
      const r = await emailAward(deps, credential, { key: key(credential), attempt: input.attempt, mailer: session ?? deps.mailer, about, optedOut: (c) => optedOut.has(c.recipient.identity) });
      // A send the mail server did not take is in the credential's history (`email.failed`, by the error's class):
      // the others go on, and the job is retried for it.
      if (r.failure) counts.failed++;
      else if (r.sent) counts.sent++;
      else counts.skipped++;
    }
  } finally {
    session?.close();
  }
  if (counts.failed > 0) throw new AwardEmailsIncomplete(counts.failed, credentials.length);
  return counts;
}

/** The organisation's pathway rules read once for the batch's awards (most organisations have none for them). */
function pathwayRulesReadOnce(deps: AwardEmailsDeps): AwardEmailsDeps {
  const read = new Map<string, ReturnType<AwardEmailsDeps['store']['awardRules']['forEventType']>>();
  const awardRules = deps.store.awardRules;
  const forEventType: typeof awardRules.forEventType = (orgId, type) => {
    const key = `${orgId}\u0000${type}`;
    let found = read.get(key);
    if (!found) read.set(key, (found = awardRules.forEventType(orgId, type)));
    return found;
  };
  return { ...deps, store: { ...deps.store, awardRules: { ...awardRules, forEventType } } };
}

/** Credential ids from a job payload: a list of non-empty strings, at most AWARD_EMAILS_MAX; anything else is refused. */
function payloadIds(payload: Record<string, unknown>): string[] {
  const ids = payload.credentialIds;
  if (!Array.isArray(ids) || ids.length > AWARD_EMAILS_MAX || !ids.every((id) => typeof id === 'string' && id.length > 0 && id.length <= 200)) {
    throw new Error(`job payload needs "credentialIds" (at most ${AWARD_EMAILS_MAX} ids)`);
  }
  return ids as string[];
}

export function awardEmailsJob(deps: AwardEmailsDeps): JobHandler {
  return {
    name: AWARD_EMAILS_JOB,
    version: 1,
    handle: async (payload, context) => notifyAwards(deps, { orgId: payloadString(payload, 'orgId'), credentialIds: payloadIds(payload), jobId: context.jobId, attempt: context.attempt, heartbeat: context.heartbeat, signal: context.signal }),
  };
}
