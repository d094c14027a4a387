import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { approveRenewal, refuseRenewal } from '../../../../domain/renewals/decide-renewal.js';
import { listRenewalRequests } from '../../../../domain/renewals/list-renewal-requests.js';
import { getCurrentCredential } from '../../../../domain/renewals/current-credential.js';
import { actorOf, viewerOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { IdParams, Problem, errorResponses } from '../../schemas/common.js';
import { ListRenewalsQuery, RefuseRenewalBody, RenewalQueueItemView, RenewalRequestView, toQueueItemView, toRenewalView } from './renewals.schema.js';

const tags = ['renewals'];

/** The issuer's renewal queue: list, approve (a new signed credential replaces the old), refuse with a reason. */
export const renewalRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.get(
    '/renewal-requests',
    { schema: { tags, summary: 'Renewal requests of certifications (oldest first)', querystring: ListRenewalsQuery, response: { 200: Type.Object({ items: Type.Array(RenewalQueueItemView) }), ...errorResponses } } },
    async (request) => ({ items: (await listRenewalRequests(deps, { actor: actorOf(request), status: request.query.status, limit: request.query.limit })).map((i) => toQueueItemView(i, deps.urls)) }),
  );
  app.post(
    '/renewal-requests/:id/approve',
    { schema: { tags, summary: 'Approve: issue the renewed credential (linked to the old one, which reads superseded)', params: IdParams, response: { 200: Type.Object({ request: RenewalRequestView, credentialId: Type.String() }), ...errorResponses } } },
    async (request) => {
      const { request: decided, credential } = await approveRenewal(deps, { actor: actorOf(request), requestId: request.params.id });
      return { request: toRenewalView(decided), credentialId: credential.id };
    },
  );
  app.post(
    '/renewal-requests/:id/refuse',
    { schema: { tags, summary: 'Refuse, with a reason the earner sees', params: IdParams, body: RefuseRenewalBody, response: { 200: RenewalRequestView, ...errorResponses } } },
    async (request) => toRenewalView(await refuseRenewal(deps, { actor: actorOf(request), requestId: request.params.id, reason: request.body.reason })),
  );
};

/**
 * A certification's `refreshService`: the current credential of its renewal chain. Public credentials are
 * read by anyone (as their document is), private ones by their earner's session only.
 */
export const refreshRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.get(
    '/ob3/credentials/:id/refresh',
    { schema: { tags: ['published'], summary: 'The current version of a certification (the newest of its renewals), as signed OB 3.0 JSON-LD', params: IdParams, response: { 200: Type.Unknown(), 404: Problem } } },
    async (request, reply) => {
      const viewer = await viewerOf(deps, request);
      const { credential, body } = await getCurrentCredential(deps, { id: request.params.id, viewerUserId: viewer.userId });
      reply.header('access-control-allow-origin', '*').header('vary', 'Cookie').header('cache-control', viewer.userId ? 'private, no-store' : 'public, max-age=60');
      reply.header('content-location', deps.urls.ob3Credential(credential.id));
      return reply.type('application/ld+json; charset=utf-8').serializer((x: unknown) => x as string).send(body);
    },
  );
};
