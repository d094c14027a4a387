import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { PublicCache, PublicChange } from './public-cache.js';

export const INVALIDATION_CHANNEL = 'laurel:public-cache';

const isChange = (c: unknown): c is PublicChange => {
  if (!c || typeof c !== 'object') return false;
  const { kind, id } = c as { kind?: unknown; id?: unknown };
  if (kind === 'credential') return typeof id === 'string' && id.length > 0 && id.length <= 200;
  return kind === 'pages' || kind === 'status-lists';
};

/**
 * Every instance tells the others, over Redis pub/sub, of the changes it commits, and drops what the
 * others tell it of. Pub/sub delivers only to who is listening: whenever the subscription (re)starts,
 * this instance drops its whole cache, so no news missed while Redis was away leaves a stale entry.
 * A message that is not a well-formed change (anyone who can publish on the channel) is ignored.
 */
export async function shareInvalidations(cache: PublicCache, redis: Redis, options: { onError?: (error: unknown) => void; waitMs?: number } = {}): Promise<{ close(): Promise<void> }> {
  const self = randomUUID();
  const subscriber = redis.duplicate({ lazyConnect: true, maxRetriesPerRequest: null });
  subscriber.on('error', (error) => options.onError?.(error));
  subscriber.on('ready', () => cache.clear());
  subscriber.on('message', (_channel: string, message: string) => {
    try {
      const parsed = JSON.parse(message) as { from?: unknown; change?: unknown };
      if (parsed.from !== self && isChange(parsed.change)) cache.invalidate(parsed.change);
    } catch {
      // not ours: ignored
    }
  });
  cache.onLocalChange((change) => {
    redis.publish(INVALIDATION_CHANNEL, JSON.stringify({ from: self, change })).catch((error: unknown) => options.onError?.(error));
  });
  // Startup waits for the subscription at most a moment: with Redis down, the client keeps trying
  // (and subscribes once it connects, dropping the cache then) while the instance serves meanwhile.
  subscriber.connect().catch((error: unknown) => options.onError?.(error));
  const subscribed = subscriber.subscribe(INVALIDATION_CHANNEL).catch((error: unknown) => options.onError?.(error));
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([subscribed, new Promise((resolve) => (timer = setTimeout(resolve, options.waitMs ?? 2000)))]);
  clearTimeout(timer);
  return { close: async () => void subscriber.disconnect() };
}
