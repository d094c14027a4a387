import type { FastifyRequest } from 'fastify';
import type { Engagement } from '../../domain/analytics/record-engagement.js';
import type { RequestSignal } from '../../domain/analytics/privacy.js';
import type { HttpDeps } from './http-deps.js';

const header = (request: FastifyRequest, name: string): string | undefined => {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** What the analytics may read of a request: user agent, Do-Not-Track, GPC, address (hashed, never kept). */
export function signalOf(request: FastifyRequest): RequestSignal {
  return { userAgent: header(request, 'user-agent'), dnt: header(request, 'dnt'), gpc: header(request, 'sec-gpc'), address: request.ip };
}

/** Counts an engagement of the request once the answer is on its way (never fails, never waits). */
export function recordEngagement(deps: Pick<HttpDeps, 'analytics'>, request: FastifyRequest, e: Omit<Engagement, 'signal'>): void {
  deps.analytics.record({ ...e, signal: signalOf(request) });
}
