import type { Deps } from '../deps.js';
import type { JobHandler } from '../shared/job-handler.js';
import { payloadString } from '../shared/job-handler.js';
import { enqueueWebhookEvent } from './events.js';
import { jobCredential } from '../credentials/job-credential.js';

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
      // Most organisations have no endpoint: one read, and the transaction (begin, read, commit) only when there are some.
      if (credential && (await deps.store.webhooks.subscribed(credential.orgId, 'credential.issued')).length > 0) {
        await deps.store.transaction((tx) =>
          enqueueWebhookEvent(deps, tx, { type: 'credential.issued', credential, status: 'active', occurredAt: new Date(credential.createdAt), eventId: context.jobId }),
        );
      }
      return inner.handle(payload, context);
    },
  };
}
