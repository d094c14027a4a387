import type { Deps } from '../deps.js';
import type { Consent } from './ports.js';

/** Records that the person accepted a version of the terms or of the privacy notice, with the time. */
export async function recordConsent(deps: Pick<Deps, 'store' | 'clock' | 'ids'>, input: { userId: string; document: Consent['document']; version: string }): Promise<Consent> {
  const consent: Consent = { id: deps.ids.id(), userId: input.userId, document: input.document, version: input.version, acceptedAt: deps.clock.now().toISOString() };
  await deps.store.privacy.recordConsent(consent);
  return consent;
}

export async function listConsents(deps: Pick<Deps, 'store'>, input: { userId: string }): Promise<Consent[]> {
  return deps.store.privacy.consents(input.userId);
}
