import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getMfaPolicy, setMfaPolicy } from '../../../../domain/organisations/mfa-policy.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { errorResponses } from '../../schemas/common.js';

const tags = ['organisation'];
const Policy = Type.Object({ requireMfa: Type.Boolean({ description: 'Members must prove a second factor to use the console API (API keys are not affected)' }) }, { additionalProperties: false });

export const mfaPolicyRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.get('/organisation/mfa-policy', { schema: { tags, summary: "The organisation's MFA policy", response: { 200: Policy, ...errorResponses } } }, async (request) => getMfaPolicy(deps, { actor: actorOf(request) }));
  app.put(
    '/organisation/mfa-policy',
    {
      schema: {
        tags,
        summary: 'Require a second factor of every member (owners and admins; needs a factor proven recently, and a second factor of your own to turn it on)',
        body: Policy,
        response: { 200: Policy, ...errorResponses },
      },
    },
    async (request) => setMfaPolicy(deps, { actor: actorOf(request), requireMfa: request.body.requireMfa }),
  );
};
