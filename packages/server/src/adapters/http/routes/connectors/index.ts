import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { awardAction } from '../../../../domain/connectors/award-action.js';
import { achievementChoices, issuerChoices } from '../../../../domain/connectors/dropdowns.js';
import { listHooks, sampleHookPayloads, subscribeHook, unsubscribeHook } from '../../../../domain/webhooks/rest-hooks.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { IdParams, errorResponses } from '../../schemas/common.js';
import {
  AchievementChoice, AchievementChoiceQuery, AwardActionBody, AwardActionView, ChoiceQuery, HookView, HookWithSecret, IssuerChoice, SampleParams, SamplePayload, SubscribeHookBody,
} from './connectors.schema.js';

/** A page of choices is a bare array (what Zapier, Make and n8n dropdowns read); the next page is in `Link`. */
function linkNext(request: FastifyRequest, reply: FastifyReply, nextCursor: string | undefined): void {
  if (!nextCursor) return;
  const url = new URL(request.url, 'http://x');
  url.searchParams.set('cursor', nextCursor);
  reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
}

/** No-code connectors: REST Hook subscriptions and flat action endpoints (see docs/integrations.md). */
export const connectorRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  const hooks = ['rest-hooks'];
  app.post('/hooks', { schema: { tags: hooks, summary: 'Subscribe a target URL to one event type (REST Hooks)', body: SubscribeHookBody, response: { 201: HookWithSecret, ...errorResponses } } }, async (request, reply) => {
    const { hook, secret } = await subscribeHook(deps, { actor: actorOf(request), ...request.body });
    return reply.status(201).send({ ...hook, secret });
  });
  app.get('/hooks', { schema: { tags: hooks, summary: 'REST Hook subscriptions of the organisation', response: { 200: Type.Array(HookView), ...errorResponses } } }, async (request) => {
    return listHooks(deps, { actor: actorOf(request) });
  });
  app.delete('/hooks/:id', { schema: { tags: hooks, summary: 'Unsubscribe', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await unsubscribeHook(deps, { actor: actorOf(request), id: request.params.id });
    return reply.status(204).send(null);
  });
  app.get('/hooks/samples/:eventType', { schema: { tags: hooks, summary: 'Example payloads of an event type (for mapping fields)', params: SampleParams, response: { 200: Type.Array(SamplePayload), ...errorResponses } } }, async (request) => {
    return sampleHookPayloads(deps, { actor: actorOf(request), event: request.params.eventType });
  });

  const actions = ['actions'];
  app.post('/actions/award', { schema: { tags: actions, summary: 'Award an achievement to an e-mail address (flat fields, flat answer)', body: AwardActionBody, response: { 200: AwardActionView, 201: AwardActionView, ...errorResponses } } }, async (request, reply) => {
    const result = await awardAction(deps, { actor: actorOf(request), ...request.body });
    return reply.status(result.replayed ? 200 : 201).send(result);
  });
  app.get('/actions/achievements', { schema: { tags: actions, summary: 'Achievements for a dropdown (a bare array; next page in `Link`)', querystring: AchievementChoiceQuery, response: { 200: Type.Array(AchievementChoice), ...errorResponses } } }, async (request, reply) => {
    const page = await achievementChoices(deps, { actor: actorOf(request), ...request.query, limit: request.query.limit ?? 100 });
    linkNext(request, reply, page.nextCursor);
    return page.items;
  });
  app.get('/actions/issuers', { schema: { tags: actions, summary: 'Issuers for a dropdown (a bare array; next page in `Link`)', querystring: ChoiceQuery, response: { 200: Type.Array(IssuerChoice), ...errorResponses } } }, async (request, reply) => {
    const page = await issuerChoices(deps, { actor: actorOf(request), ...request.query, limit: request.query.limit ?? 100 });
    linkNext(request, reply, page.nextCursor);
    return page.items;
  });
};
