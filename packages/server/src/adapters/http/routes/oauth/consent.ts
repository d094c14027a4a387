import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { decideAuthorization, describeAuthorization } from '../../../../domain/oauth/authorize.js';
import { disconnectApp, listConnectedApps } from '../../../../domain/oauth/connected-apps.js';
import { requireUser, userIdOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { DateTime, Nullable, errorResponses } from '../../schemas/common.js';

const tags = ['oauth'];
const HandleParams = Type.Object({ id: Type.String({ minLength: 10, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) });
const ScopeView = Type.Object({ name: Type.String(), description: Type.String() });

/** The consent page's API (the signed-in earner decides) and the earner's connected apps. */
export const consentRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.addHook('onRequest', requireUser(deps));

  app.get(
    '/me/authorizations/:id',
    {
      schema: {
        tags,
        summary: 'A pending authorization request: which app asks, for what, and where you will be sent back',
        params: HandleParams,
        response: {
          200: Type.Object({
            client: Type.Object({ name: Type.String(), uri: Nullable(Type.String()), redirectHost: Type.String(), policyUri: Nullable(Type.String()), tosUri: Nullable(Type.String()) }),
            scopes: Type.Array(ScopeView),
            expiresAt: DateTime,
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => describeAuthorization(deps, { id: request.params.id }),
  );

  app.post(
    '/me/authorizations/:id',
    {
      schema: {
        tags,
        summary: 'Allow or deny: answers where to send the browser (the app, with a code or access_denied)',
        params: HandleParams,
        body: Type.Object({ approve: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: Type.Object({ redirectTo: Type.String() }), ...errorResponses },
      },
    },
    async (request) => decideAuthorization(deps, { id: request.params.id, userId: userIdOf(request), approve: request.body.approve }),
  );

  const AppView = Type.Object({ grantId: Type.String(), clientId: Type.String(), clientName: Type.String(), scopes: Type.Array(Type.String()), connectedAt: DateTime });
  app.get('/me/connected-apps', { schema: { tags, summary: 'Apps you allowed to read or add to your backpack', response: { 200: Type.Object({ items: Type.Array(AppView) }), ...errorResponses } } }, async (request) => ({
    items: await listConnectedApps(deps, { userId: userIdOf(request) }),
  }));
  app.delete(
    '/me/connected-apps/:id',
    { schema: { tags, summary: 'Disconnect an app: its tokens stop working at once', params: HandleParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await disconnectApp(deps, { userId: userIdOf(request), grantId: request.params.id });
      return reply.status(204).send(null);
    },
  );
};
