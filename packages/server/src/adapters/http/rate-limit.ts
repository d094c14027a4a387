import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import type { HttpDeps } from './http-deps.js';

/**
 * Rate limits count per client IP, in Redis when configured (so every instance of a cluster shares
 * the count), else in this process. A Redis outage lets requests through rather than failing them.
 */
export function rateLimitOptions(deps: Pick<HttpDeps, 'rateLimitRedis'>): RateLimitPluginOptions {
  return {
    global: false,
    ...(deps.rateLimitRedis ? { redis: deps.rateLimitRedis, nameSpace: 'laurel-rate-limit-', skipOnError: true } : {}),
  };
}
