import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ROLES, PERMISSIONS, type Role } from '../../../../domain/auth/permissions.js';
import { createApiKey } from '../../../../domain/api-keys/create-api-key.js';
import { listApiKeys, revokeApiKey } from '../../../../domain/api-keys/manage-api-keys.js';
import type { ApiKey } from '../../../../domain/api-keys/ports.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { DateTime, IdParams, Nullable, errorResponses, StringEnum } from '../../schemas/common.js';

const tags = ['api-keys'];
const RoleSchema = StringEnum(ROLES);
const Scope = StringEnum(PERMISSIONS);

const ApiKeyView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    prefix: Type.String(),
    role: RoleSchema,
    scopes: Type.Array(Type.String()),
    createdAt: DateTime,
    lastUsedAt: Nullable(DateTime),
    expiresAt: Nullable(DateTime),
    revokedAt: Nullable(DateTime),
    issuerId: Nullable(Type.String({ description: 'The one issuer the key may act on; null: every issuer' })),
  },
  { $id: 'ApiKey' },
);
const CreatedApiKey = Type.Object({ ...ApiKeyView.properties, secret: Type.String({ description: 'Shown once; store it now' }) });
const CreateApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: Type.Optional(RoleSchema),
    scopes: Type.Optional(Type.Array(Scope, { maxItems: PERMISSIONS.length, description: 'Narrow the role to these permissions' })),
    expiresAt: Type.Optional(Type.String({ format: 'date-time', description: 'When the key stops working (in the future); none: until revoked' })),
    issuerId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Restrict the key to this issuer: it may change nothing of another issuer (403), and loses organisation-wide powers' })),
  },
  { additionalProperties: false },
);

const toView = (k: ApiKey) => ({
  id: k.id, name: k.name, prefix: k.prefix, role: k.role, scopes: k.scopes, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt, expiresAt: k.expiresAt, revokedAt: k.revokedAt, issuerId: k.issuerId,
});

export const apiKeyRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.post('/api-keys', { schema: { tags, summary: 'Create a scoped API key', body: CreateApiKeyBody, response: { 201: CreatedApiKey, ...errorResponses } } }, async (request, reply) => {
    const { apiKey, secret } = await createApiKey(deps, { actor: actorOf(request), ...request.body, role: request.body.role as Role | undefined });
    return reply.status(201).send({ ...toView(apiKey), secret });
  });
  app.get('/api-keys', { schema: { tags, summary: 'List API keys (never their secrets)', response: { 200: Type.Object({ items: Type.Array(ApiKeyView) }), ...errorResponses } } }, async (request) => {
    return { items: (await listApiKeys(deps, { actor: actorOf(request) })).map(toView) };
  });
  app.post('/api-keys/:id/revoke', { schema: { tags, summary: 'Revoke an API key', params: IdParams, response: { 200: ApiKeyView, ...errorResponses } } }, async (request) => {
    return toView(await revokeApiKey(deps, { actor: actorOf(request), id: request.params.id }));
  });
};
