import type { Store } from '../shared/store.js';
import type { JobContext } from '../shared/job-handler.js';
import type { Credential } from './ports.js';

const read = new WeakMap<JobContext, { id: string; credential: Promise<Credential | undefined> }>();

/**
 * The credential of a `credential.issued` job, read once per run of the job: the webhook fan-out, the pathway
 * rules and the award e-mail each wrap the next and all read the same row (three statements became one).
 * Keyed by the run's context object, so a retry (a new context) reads it afresh; a different id is never shared.
 */
export function jobCredential(store: Pick<Store, 'credentials'>, context: JobContext, id: string): Promise<Credential | undefined> {
  const held = read.get(context);
  if (held && held.id === id) return held.credential;
  const credential = store.credentials.findPublic(id);
  read.set(context, { id, credential });
  return credential;
}
