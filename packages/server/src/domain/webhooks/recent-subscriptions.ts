import type { WebhookEventType, WebhookRepo } from './ports.js';

/** How long an answer about an organisation's subscriptions is reused. */
const REMEMBER_MS = 1_000;

/**
 * Whether an organisation has an endpoint subscribed to an event type, asked of the database at most once a
 * second per organisation and type: engagement events (a view, a share) come by the thousand a second and
 * most organisations subscribe to none, so each would otherwise cost a query. A subscription made meanwhile
 * receives its first engagement events within that second.
 */
export function recentSubscriptions(deps: {
  webhooks: Pick<WebhookRepo, 'subscribed'>;
  /** A monotonic clock in ms (elapsed time, not the domain's date: a test's frozen clock must not freeze this memory). */
  elapsedMs: () => number;
}): (orgId: string, type: WebhookEventType) => Promise<boolean> {
  const known = new Map<string, { at: number; any: Promise<boolean> }>();
  return (orgId, type) => {
    const key = `${orgId}\n${type}`;
    const now = deps.elapsedMs();
    const hit = known.get(key);
    if (hit && now - hit.at < REMEMBER_MS) return hit.any;
    const any = deps.webhooks.subscribed(orgId, type).then((endpoints) => endpoints.length > 0);
    any.catch(() => known.delete(key));
    if (known.size >= 10_000) known.clear();
    known.set(key, { at: now, any });
    return any;
  };
}
