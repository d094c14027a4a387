import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createMachineClient, listMachineClients, revokeMachineClient } from '../../../../domain/oauth/manage-machine-clients.js';
import type { OAuthClient } from '../../../../domain/oauth/ports.js';
import { LAUREL_SCOPES } from '../../../../domain/oauth/scopes.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { DateTime, Id, IdParams, Nullable, StringEnum, errorResponses } from '../../schemas/common.js';

const tags = ['oauth-clients'];
const Scope = StringEnum(Object.keys(LAUREL_SCOPES) as (keyof typeof LAUREL_SCOPES)[]);

const ClientView = Type.Object(
  {
    clientId: Type.String(),
    name: Type.String(),
    scopes: Type.Array(Type.String()),
    issuerId: Nullable(Type.String()),
    createdAt: DateTime,
    lastUsedAt: Nullable(DateTime),
    revokedAt: Nullable(DateTime),
  },
  { $id: 'OAuthClient' },
);
const CreatedClient = Type.Object({ ...ClientView.properties, clientSecret: Type.String({ description: 'Shown once; store it now' }), tokenEndpoint: Type.String() });

const toView = (c: OAuthClient) => ({ clientId: c.id, name: c.name, scopes: c.scopes, issuerId: c.issuerId, createdAt: c.createdAt, lastUsedAt: c.lastUsedAt, revokedAt: c.revokedAt });

/** Machine clients of the organisation (OAuth 2.0 client credentials grant), managed by admins. */
export const machineClientRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.post(
    '/oauth-clients',
    {
      schema: {
        tags,
        summary: 'Create a machine client (client credentials grant); the secret is shown once',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            scopes: Type.Array(Scope, { minItems: 1, maxItems: 4, description: 'laurel.read, laurel.issue, laurel.revoke, laurel.admin: at most what you may do' }),
            issuerId: Type.Optional(Id),
          },
          { additionalProperties: false },
        ),
        response: { 201: CreatedClient, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { client, secret } = await createMachineClient(deps, { actor: actorOf(request), ...request.body });
      return reply.status(201).send({ ...toView(client), clientSecret: secret, tokenEndpoint: `${deps.links.base}/oauth/token` });
    },
  );
  app.get('/oauth-clients', { schema: { tags, summary: 'Machine clients (never their secrets), with when each was last used', response: { 200: Type.Object({ items: Type.Array(ClientView) }), ...errorResponses } } }, async (request) => ({
    items: (await listMachineClients(deps, { actor: actorOf(request) })).map(toView),
  }));
  app.post('/oauth-clients/:id/revoke', { schema: { tags, summary: 'Revoke a machine client and every token it holds', params: IdParams, response: { 200: ClientView, ...errorResponses } } }, async (request) =>
    toView(await revokeMachineClient(deps, { actor: actorOf(request), id: request.params.id })),
  );
};
