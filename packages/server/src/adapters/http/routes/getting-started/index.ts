import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { GETTING_STARTED_STEPS, dismissGettingStarted, getGettingStarted } from '../../../../domain/onboarding/getting-started.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { StringEnum, errorResponses } from '../../schemas/common.js';

const tags = ['organisation'];

const GettingStartedView = Type.Object(
  {
    steps: Type.Array(Type.Object({ id: StringEnum(GETTING_STARTED_STEPS), done: Type.Boolean() })),
    complete: Type.Boolean({ description: 'Every step done' }),
    dismissed: Type.Boolean({ description: 'This member closed the banner' }),
    show: Type.Boolean({ description: 'Some step left and not dismissed: the console shows the banner' }),
  },
  { $id: 'GettingStarted' },
);

/** The console's getting-started steps, computed from the organisation's data, and dismissing them per member. */
export const gettingStartedRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.get('/getting-started', { schema: { tags, summary: 'Getting-started steps: done or not, from the organisation’s data', response: { 200: GettingStartedView, ...errorResponses } } }, async (request) => {
    return getGettingStarted(deps, { actor: actorOf(request) });
  });
  app.post('/getting-started/dismiss', { schema: { tags, summary: 'Hide the getting-started banner for this member', response: { 200: GettingStartedView, ...errorResponses } } }, async (request) => {
    return dismissGettingStarted(deps, { actor: actorOf(request) });
  });
};
