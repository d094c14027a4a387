import type { Page } from '../shared/ports.js';

/** The credential events an endpoint can subscribe to. */
export const WEBHOOK_EVENTS = [
  'credential.issued', 'credential.revoked', 'credential.suspended', 'credential.reinstated', 'credential.claimed',
  // Analytics engagement (docs/analytics.md): the counted events, for a data warehouse; `data.detail` names the network or channel.
  'credential.viewed', 'credential.shared', 'credential.linkedin-added', 'credential.verified', 'credential.accepted', 'credential.downloaded', 'credential.opened', 'credential.clicked',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
/** What a message can carry: a credential event, or the `ping` a member sends to test an endpoint (never subscribed to). */
export const WEBHOOK_MESSAGE_TYPES = [...WEBHOOK_EVENTS, 'ping'] as const;
export type WebhookMessageType = (typeof WEBHOOK_MESSAGE_TYPES)[number];

export interface WebhookEndpoint {
  id: string;
  orgId: string;
  url: string;
  description: string | null;
  events: WebhookEventType[];
  /** The signing secret (`whsec_…`), sealed by the KeyVault with the endpoint id as AAD. Never returned by the API. */
  secretSealed: string;
  enabled: boolean;
  /** Why Laurel turned the endpoint off (e.g. after repeated failed deliveries); null when enabled or turned off by hand. */
  disabledReason: string | null;
  /** Failed deliveries (every attempt used up) since the last successful one. */
  consecutiveFailures: number;
  /** Subscribed through the REST Hooks API (`/api/v1/hooks`): a 410 Gone answer unsubscribes it. */
  restHook: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One event for one endpoint: its id is the `webhook-id` header, stable across retries. */
export interface WebhookMessage {
  id: string;
  orgId: string;
  endpointId: string;
  eventType: WebhookMessageType;
  /** The exact JSON body that is signed and sent. */
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextRetryAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookAttempt {
  id: string;
  orgId: string;
  endpointId: string;
  messageId: string;
  eventType: WebhookMessageType;
  attempt: number;
  delivered: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  nextRetryAt: string | null;
  createdAt: string;
}

export interface WebhookRepo {
  insert(endpoint: WebhookEndpoint): Promise<void>;
  update(endpoint: WebhookEndpoint): Promise<void>;
  delete(orgId: string, id: string): Promise<boolean>;
  findById(orgId: string, id: string): Promise<WebhookEndpoint | undefined>;
  list(orgId: string): Promise<WebhookEndpoint[]>;
  /** Enabled endpoints of an organisation subscribed to an event type. */
  subscribed(orgId: string, type: WebhookEventType): Promise<WebhookEndpoint[]>;
  /** Inserts a message unless one with its id exists; true when inserted (fan-out runs at least once). */
  insertMessage(message: WebhookMessage): Promise<boolean>;
  findMessage(id: string): Promise<WebhookMessage | undefined>;
  /** One attempt of one endpoint of an organisation (a delivery in the log). */
  findAttempt(orgId: string, endpointId: string, id: string): Promise<WebhookAttempt | undefined>;
  updateMessage(message: Pick<WebhookMessage, 'id' | 'status' | 'attempts' | 'nextRetryAt' | 'updatedAt'>): Promise<void>;
  recordAttempt(attempt: WebhookAttempt): Promise<void>;
  /** Most recent attempts first. */
  listAttempts(orgId: string, endpointId: string, query: { limit: number; cursor?: string | undefined }): Promise<Page<WebhookAttempt>>;
}

/** Outbound HTTP for webhooks, behind the SSRF guard. */
export interface WebhookTransport {
  /** Why this URL may not receive webhooks, or null when it may (scheme, allow-list, resolved addresses). */
  refuse(url: string): Promise<string | null>;
  /** POST once (no redirects followed); throws on a network failure, refused address or timeout. */
  post(url: string, headers: Readonly<Record<string, string>>, body: string): Promise<{ status: number }>;
}
