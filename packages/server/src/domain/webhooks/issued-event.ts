import type { Deps } from '../deps.js';
import type { JobHandler } from '../shared/job-handler.js';
import { payloadString } from '../shared/job-handler.js';
import { enqueueWebhookEvent } from './events.js';
import { jobCredential } from '../credentials/job-credential.js';
import type { Credential } from '../credentials/ports.js';

/**
 * `credential.issued` webhooks ride on the job every issue already enqueues with the credential
 * (same transaction), so the issue path gains no statement. The fan-out runs first and is idempotent
 * (message ids come from the job id), then the wrapped handler (the award e-mail) runs.
 */
export function withIssuedWebhooks(inner: JobHandler, deps: Pick<Deps, 'store' | 'clock' | 'urls'>): JobHandler {
  return {
    name: inner.name,
    version: inner.version,
    async handle(payload, context) {
      const credential = await jobCredential(deps.store, context, payloadString(payload, 'credentialId'));
      if (credential) await issuedWebhooks(deps, credential.orgId, [{ credential, eventId: context.jobId }]);
      return inner.handle(payload, context);
    },
  };
}

/**
 * The `credential.issued` webhook events of credentials of one organisation, each with its event id (the message
 * ids are made of it, so a retry queues nothing twice). Most organisations have no endpoint: one read, and the
 * transaction (begin, read, commit) only when there are some.
 */
export async function issuedWebhooks(deps: Pick<Deps, 'store' | 'clock' | 'urls'>, orgId: string, issued: ReadonlyArray<{ credential: Credential; eventId: string }>): Promise<void> {
  if (issued.length === 0 || (await deps.store.webhooks.subscribed(orgId, 'credential.issued')).length === 0) return;
  await deps.store.transaction(async (tx) => {
    for (const { credential, eventId } of issued) {
      await enqueueWebhookEvent(deps, tx, { type: 'credential.issued', credential, status: 'active', occurredAt: new Date(credential.createdAt), eventId });
    }
  });
}
