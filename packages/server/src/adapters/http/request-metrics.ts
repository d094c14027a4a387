import type { FastifyInstance } from 'fastify';
import type { LaurelMetrics } from '../metrics/metrics.js';

/** Requests no route matched (404s, the web app's client-side paths) share one label. */
export const UNMATCHED_ROUTE = '(unmatched)';

/** Times every answered request by its route pattern (`/credentials/:id`), never the URL a client sent. */
export function recordRequestMetrics(app: FastifyInstance, metrics: LaurelMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    metrics.httpRequest({ method: request.method, route, status: reply.statusCode }, reply.elapsedTime / 1000);
  });
}
