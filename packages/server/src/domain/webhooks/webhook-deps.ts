import type { Deps } from '../deps.js';
import type { WebhookTransport } from './ports.js';

/** What the webhook use cases need (kept apart from ports.ts, which the store's types import: ports never import deps). */
export type WebhookDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'vault'> & { webhookTransport: WebhookTransport };
