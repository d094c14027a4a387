import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CredentialSort } from '../../../../domain/credentials/ports.js';
import { getCredential, listCredentials } from '../../../../domain/credentials/read-credentials.js';
import { issueCredential } from '../../../../domain/credentials/issue-credential.js';
import { revokeCredential } from '../../../../domain/credentials/revoke-credential.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { IdParams, errorResponses } from '../../schemas/common.js';
import {
  CredentialPage,
  CredentialView,
  IssueCredentialBody,
  IssueCredentialHeaders,
  ListCredentialsQuery,
  RevokeCredentialBody,
  toCredentialView,
} from './credentials.schema.js';

const tags = ['credentials'];

export const credentialRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  const view = (c: Parameters<typeof toCredentialView>[0]) => toCredentialView(c, deps.links, deps.clock.now());

  app.post(
    '/credentials',
    {
      schema: {
        tags,
        summary: 'Award an achievement to a person',
        description: 'Send an `Idempotency-Key` header to make retries safe: the same key and body return the same credential.',
        headers: IssueCredentialHeaders,
        body: IssueCredentialBody,
        response: { 201: CredentialView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { credential, replayed } = await issueCredential(deps, {
        actor: actorOf(request),
        data: request.body,
        idempotencyKey: request.headers['idempotency-key'],
      });
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).header('location', `/api/v1/credentials/${credential.id}`).send(view(credential));
    },
  );

  app.get('/credentials', { schema: { tags, summary: 'List credentials', querystring: ListCredentialsQuery, response: { 200: CredentialPage, ...errorResponses } } }, async (request) => {
    const { limit, sort, ...filters } = request.query;
    const page = await listCredentials(deps, {
      actor: actorOf(request),
      query: { ...filters, status: filters.status as 'active' | undefined, limit: limit ?? 50, sort: (sort ?? '-createdAt') as CredentialSort },
    });
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  });

  app.get('/credentials/:id', { schema: { tags, summary: 'Get a credential', params: IdParams, response: { 200: CredentialView, ...errorResponses } } }, async (request) => {
    return view(await getCredential(deps, { actor: actorOf(request), id: request.params.id }));
  });

  app.post(
    '/credentials/:id/revoke',
    { schema: { tags, summary: 'Revoke a credential (final)', params: IdParams, body: RevokeCredentialBody, response: { 200: CredentialView, ...errorResponses } } },
    async (request) => view(await revokeCredential(deps, { actor: actorOf(request), id: request.params.id, reason: request.body.reason })),
  );
};
