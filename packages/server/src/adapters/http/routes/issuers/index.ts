import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createIssuer } from '../../../../domain/issuers/create-issuer.js';
import { getIssuer, listIssuers } from '../../../../domain/issuers/read-issuers.js';
import type { IssuerSort } from '../../../../domain/issuers/ports.js';
import { updateIssuer } from '../../../../domain/issuers/update-issuer.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { IdParams, errorResponses } from '../../schemas/common.js';
import { CreateIssuerBody, IssuerPage, IssuerView, ListIssuersQuery, UpdateIssuerBody, toIssuerView } from './issuers.schema.js';

const tags = ['issuers'];

export const issuerRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.post('/issuers', { schema: { tags, summary: 'Create an issuer profile', body: CreateIssuerBody, response: { 201: IssuerView, ...errorResponses } } }, async (request, reply) => {
    const issuer = await createIssuer(deps, { actor: actorOf(request), data: request.body });
    return reply.status(201).header('location', `/api/v1/issuers/${issuer.id}`).send(toIssuerView(issuer, deps.links));
  });

  app.get('/issuers', { schema: { tags, summary: 'List issuers', querystring: ListIssuersQuery, response: { 200: IssuerPage, ...errorResponses } } }, async (request) => {
    const q = request.query;
    const page = await listIssuers(deps, { actor: actorOf(request), query: { limit: q.limit ?? 50, cursor: q.cursor, sort: (q.sort ?? '-createdAt') as IssuerSort, q: q.q } });
    return { items: page.items.map((i) => toIssuerView(i, deps.links)), nextCursor: page.nextCursor };
  });

  app.get('/issuers/:id', { schema: { tags, summary: 'Get an issuer', params: IdParams, response: { 200: IssuerView, ...errorResponses } } }, async (request) => {
    return toIssuerView(await getIssuer(deps, { actor: actorOf(request), id: request.params.id }), deps.links);
  });

  app.patch('/issuers/:id', { schema: { tags, summary: 'Update an issuer', params: IdParams, body: UpdateIssuerBody, response: { 200: IssuerView, ...errorResponses } } }, async (request) => {
    return toIssuerView(await updateIssuer(deps, { actor: actorOf(request), id: request.params.id, patch: request.body }), deps.links);
  });
};
