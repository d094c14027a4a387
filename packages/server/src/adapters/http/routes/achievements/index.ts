import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createAchievement } from '../../../../domain/achievements/create-achievement.js';
import type { AchievementSort } from '../../../../domain/achievements/ports.js';
import { getAchievement, listAchievements } from '../../../../domain/achievements/read-achievements.js';
import { updateAchievement } from '../../../../domain/achievements/update-achievement.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { IdParams, errorResponses } from '../../schemas/common.js';
import {
  AchievementPage,
  AchievementView,
  CreateAchievementBody,
  ListAchievementsQuery,
  UpdateAchievementBody,
  toAchievementView,
} from './achievements.schema.js';

const tags = ['achievements'];

export const achievementRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.post(
    '/achievements',
    { schema: { tags, summary: 'Define an achievement (badge class, certificate or certification)', body: CreateAchievementBody, response: { 201: AchievementView, ...errorResponses } } },
    async (request, reply) => {
      const achievement = await createAchievement(deps, { actor: actorOf(request), data: request.body });
      return reply.status(201).header('location', `/api/v1/achievements/${achievement.id}`).send(toAchievementView(achievement, deps.links));
    },
  );

  app.get('/achievements', { schema: { tags, summary: 'List achievements', querystring: ListAchievementsQuery, response: { 200: AchievementPage, ...errorResponses } } }, async (request) => {
    const { limit, sort, ...filters } = request.query;
    const page = await listAchievements(deps, { actor: actorOf(request), query: { ...filters, limit: limit ?? 50, sort: (sort ?? '-createdAt') as AchievementSort } });
    return { items: page.items.map((a) => toAchievementView(a, deps.links)), nextCursor: page.nextCursor };
  });

  app.get('/achievements/:id', { schema: { tags, summary: 'Get an achievement', params: IdParams, response: { 200: AchievementView, ...errorResponses } } }, async (request) => {
    return toAchievementView(await getAchievement(deps, { actor: actorOf(request), id: request.params.id }), deps.links);
  });

  app.patch(
    '/achievements/:id',
    { schema: { tags, summary: 'Update or archive an achievement', params: IdParams, body: UpdateAchievementBody, response: { 200: AchievementView, ...errorResponses } } },
    async (request) => {
      const updated = await updateAchievement(deps, { actor: actorOf(request), id: request.params.id, patch: request.body });
      return toAchievementView(updated, deps.links);
    },
  );
};
