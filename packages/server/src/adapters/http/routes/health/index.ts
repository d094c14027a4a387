import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HttpDeps } from '../../http-deps.js';

const CheckState = Type.Union([Type.Literal('ok'), Type.Literal('unreachable'), Type.Literal('pending'), Type.Literal('not configured')]);
const Live = Type.Object({ status: Type.String() });
const Ready = Type.Object({
  status: Type.String(),
  checks: Type.Object({ database: CheckState, migrations: CheckState, redis: CheckState }),
});

/**
 * Liveness (`/health`, `/healthz`): the process answers; nothing else is checked, so a database
 * outage does not get every instance restarted. Readiness (`/ready`, `/readyz`): the database
 * answers, its migrations are applied, Redis answers when configured; else 503, and load balancers
 * send traffic elsewhere. Never cached.
 */
export const healthRoutes: FastifyPluginAsyncTypebox<{ deps: Pick<HttpDeps, 'readiness'> }> = async (app, { deps }) => {
  const tags = ['operations'];
  for (const path of ['/health', '/healthz']) {
    app.get(path, { schema: { tags, summary: 'Liveness: the process answers', response: { 200: Live } } }, async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { status: 'ok' };
    });
  }
  for (const path of ['/ready', '/readyz']) {
    app.get(path, { schema: { tags, summary: 'Readiness: database reachable, migrations applied, Redis reachable when configured', response: { 200: Ready, 503: Ready } } }, async (request, reply) => {
      const { ready, checks, errors } = await deps.readiness();
      for (const { check, error } of errors) request.log.warn({ err: error, check }, 'not ready');
      reply.header('cache-control', 'no-store');
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks });
    });
  }
};
