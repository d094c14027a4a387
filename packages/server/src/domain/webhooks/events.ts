import type { Credential } from '../credentials/ports.js';
import type { Deps, PublicUrls } from '../deps.js';
import type { Repositories } from '../shared/store.js';
import type { WebhookEventType } from './ports.js';

export const DELIVER_JOB = 'webhook.deliver';

/** What a credential event says about the credential: no recipient data at all. */
export interface WebhookEventBody {
  type: WebhookEventType;
  timestamp: string;
  data: {
    id: string;
    achievementId: string;
    issuerId: string;
    status: string;
    /** The public credential page. */
    url: string;
    /** The signed OB 3.0 document. */
    ob3: string;
    /** Analytics events: the share network, the wallet channel, the verification channel. */
    detail?: string;
  };
}

export interface CredentialEvent {
  type: WebhookEventType;
  credential: Pick<Credential, 'id' | 'orgId' | 'achievementId' | 'issuerId'>;
  status: string;
  occurredAt: Date;
  /** Unique per event; with the endpoint id it makes the message id, so a repeated fan-out sends nothing twice. */
  eventId: string;
  detail?: string | undefined;
}

export function eventBody(urls: Pick<PublicUrls, 'publicCredentialPage' | 'ob3Credential'>, event: CredentialEvent): WebhookEventBody {
  const c = event.credential;
  return {
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    data: { id: c.id, achievementId: c.achievementId, issuerId: c.issuerId, status: event.status, url: urls.publicCredentialPage(c.id), ob3: urls.ob3Credential(c.id), ...(event.detail ? { detail: event.detail } : {}) },
  };
}

/**
 * Inside the caller's transaction: one message and one delivery job per enabled endpoint of the
 * organisation subscribed to the event (outbox: committed with the change, or not at all).
 */
export async function enqueueWebhookEvent(deps: Pick<Deps, 'clock' | 'urls'>, tx: Repositories, event: CredentialEvent): Promise<number> {
  const endpoints = await tx.webhooks.subscribed(event.credential.orgId, event.type);
  if (endpoints.length === 0) return 0;
  const payload = JSON.stringify(eventBody(deps.urls, event));
  const now = deps.clock.now().toISOString();
  let queued = 0;
  for (const endpoint of endpoints) {
    const id = `msg_${event.eventId}_${endpoint.id}`;
    const inserted = await tx.webhooks.insertMessage({
      id, orgId: endpoint.orgId, endpointId: endpoint.id, eventType: event.type, payload, status: 'pending', attempts: 0, nextRetryAt: null, createdAt: now, updatedAt: now,
    });
    if (!inserted) continue;
    await tx.jobs.enqueue({ name: DELIVER_JOB, orgId: endpoint.orgId, payload: { messageId: id } });
    queued++;
  }
  return queued;
}
