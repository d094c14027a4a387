import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { loggerOptions, requestIdOf } from './app.js';
import { registerErrorHandling } from './errors.js';
import type { HttpDeps } from './http-deps.js';
import { recordRequestMetrics } from './request-metrics.js';
import { healthRoutes } from './routes/health/index.js';
import { metricsRoute } from './routes/health/metrics.js';

export interface OpsAppOptions {
  logger?: FastifyServerOptions['logger'];
  /**
   * `internal` (the METRICS_PORT listener): `/metrics` needs METRICS_TOKEN when one is set, and is open
   * otherwise. `main` (a worker's PORT): the main port's rule, `/metrics` only with METRICS_TOKEN.
   */
  port?: 'internal' | 'main';
}

/**
 * The operations surface alone: `/health`, `/ready` and `/metrics`. It is what a worker-only
 * instance (LAUREL_ROLE=worker) serves on its port, and the separate METRICS_PORT listener.
 */
export async function buildOpsApp(deps: Pick<HttpDeps, 'readiness' | 'metrics' | 'http'>, options: OpsAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? loggerOptions(deps.http.logLevel), genReqId: requestIdOf });
  registerErrorHandling(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  if (deps.metrics) recordRequestMetrics(app, deps.metrics);
  await app.register(healthRoutes, { deps });
  const token = deps.http.metricsToken;
  if (deps.metrics && (options.port !== 'main' || token)) await app.register(metricsRoute, { metrics: deps.metrics, token });
  return app;
}
