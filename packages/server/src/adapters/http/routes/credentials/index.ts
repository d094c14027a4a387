import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CredentialSort } from '../../../../domain/credentials/ports.js';
import { getCredential, listCredentials } from '../../../../domain/credentials/read-credentials.js';
import { issueCredential } from '../../../../domain/credentials/issue-credential.js';
import { authenticateApiKeyToIssue, type PrefetchedIssuingContext } from '../../../../domain/credentials/authenticate-to-issue.js';
import { authenticateApiKey } from '../../../../domain/api-keys/authenticate-api-key.js';
import { revokeCredential } from '../../../../domain/credentials/revoke-credential.js';
import { reinstateCredential, suspendCredential } from '../../../../domain/credentials/suspend-credential.js';
import { EXPORT_FORMATS, exportCredential } from '../../../../domain/credentials/export-credential.js';
import { resendNotification } from '../../../../domain/notifications/resend-notification.js';
import { getCredentialHistory } from '../../../../domain/credential-history/read-history.js';
import { CredentialHistoryView, toHistoryView } from './history.schema.js';
import { Type } from 'typebox';
import { apiKeyAfterBody } from '../../api-key-after-body.js';
import { actorOf } from '../../auth.js';
import { countIssue } from '../../count-outcomes.js';
import type { HttpDeps } from '../../http-deps.js';
import { IdParams, Problem, StringEnum, errorResponses } from '../../schemas/common.js';
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

  // An API key is judged after the body, in one read with the achievement's issuing context (`api-key-after-body.ts`).
  const prefetched = new WeakMap<object, PrefetchedIssuingContext>();
  const afterBody = apiKeyAfterBody(app, deps, async (request, secret) => {
    const achievementId = achievementIdOf(request.body);
    if (achievementId === undefined) return authenticateApiKey(deps, secret); // the schema will refuse the body
    const judged = await authenticateApiKeyToIssue(deps, secret, achievementId);
    prefetched.set(request, judged.prefetched);
    return judged.principal;
  });

  app.post(
    '/credentials',
    {
      ...afterBody,
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
      const { credential, replayed } = await countIssue(
        deps,
        'api',
        () => issueCredential(deps, { actor: actorOf(request), data: request.body, idempotencyKey: request.headers['idempotency-key'], prefetched: prefetched.get(request) }),
        (r) => r.replayed,
      );
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

  app.get(
    '/credentials/:id/history',
    { schema: { tags, summary: 'What happened to a credential: issued, e-mailed (sent, failed, skipped), claimed, revoked, suspended, reinstated, resent; public page views per day', params: IdParams, response: { 200: CredentialHistoryView, ...errorResponses } } },
    async (request) => toHistoryView(await getCredentialHistory(deps, { actor: actorOf(request), id: request.params.id })),
  );

  app.post(
    '/credentials/:id/revoke',
    { schema: { tags, summary: 'Revoke a credential (final)', params: IdParams, body: RevokeCredentialBody, response: { 200: CredentialView, ...errorResponses } } },
    async (request) => view(await revokeCredential(deps, { actor: actorOf(request), id: request.params.id, reason: request.body.reason })),
  );

  const SuspendBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false });
  app.post(
    '/credentials/:id/suspend',
    { schema: { tags, summary: 'Suspend a credential (reversible)', params: IdParams, body: SuspendBody, response: { 200: CredentialView, ...errorResponses } } },
    async (request) => view(await suspendCredential(deps, { actor: actorOf(request), id: request.params.id, reason: request.body.reason })),
  );
  app.post(
    '/credentials/:id/reinstate',
    { schema: { tags, summary: 'Reinstate a suspended credential', params: IdParams, response: { 200: CredentialView, ...errorResponses } } },
    async (request) => view(await reinstateCredential(deps, { actor: actorOf(request), id: request.params.id })),
  );
  app.get(
    '/credentials/:id/export',
    {
      schema: {
        tags,
        summary: 'The credential in a published format: ob3 (JSON-LD, Data Integrity), vc-jwt, ob2 (hosted assertion), ob2-jws (signed assertion)',
        description: 'vc-jwt and ob2-jws are signed the first time they are asked for, then kept (410 credential-form-unavailable if that cannot be done any more).',
        params: IdParams,
        querystring: Type.Object({ format: StringEnum(EXPORT_FORMATS, { default: 'ob3' }) }, { additionalProperties: false }),
        response: { 200: Type.Unknown(), ...errorResponses, 410: Problem },
      },
    },
    async (request, reply) => {
      const { mediaType, body } = await exportCredential(deps, { actor: actorOf(request), id: request.params.id, format: request.query.format ?? 'ob3' });
      return reply.type(mediaType).serializer((x: unknown) => x as string).send(body);
    },
  );

  app.post(
    '/credentials/:id/notify',
    { schema: { tags, summary: 'Send the award e-mail again (with a new claim link)', params: IdParams, response: { 202: Type.Object({ jobId: Type.String() }), ...errorResponses } } },
    async (request, reply) => reply.status(202).send(await resendNotification(deps, { actor: actorOf(request), id: request.params.id })),
  );
};

/** The achievement id a body names, before validation (anything else: none, and the schema refuses the body). */
function achievementIdOf(body: unknown): string | undefined {
  const id = typeof body === 'object' && body !== null ? (body as { achievementId?: unknown }).achievementId : undefined;
  return typeof id === 'string' && id.length > 0 && id.length <= 100 ? id : undefined;
}
