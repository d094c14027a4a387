import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createRule, deleteRule, listRules, updateRule } from '../../../../domain/event-rules/manage-rules.js';
import type { AwardRule } from '../../../../domain/event-rules/ports.js';
import { testRule } from '../../../../domain/event-rules/test-rule.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { IdParams, errorResponses } from '../../schemas/common.js';
import { RuleBody, RuleParams, RuleView, TestRuleBody, TestRuleResult } from './award-rules.schema.js';

const tags = ['award rules'];
const toView = (r: AwardRule) => ({
  id: r.id, achievementId: r.achievementId, name: r.name, eventType: r.eventType, conditions: r.conditions, requires: r.requires,
  repeatable: r.repeatable, enabled: r.enabled, createdAt: r.createdAt, updatedAt: r.updatedAt,
});

/** An achievement's award rules: which events award it automatically. */
export const awardRuleRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.get('/achievements/:id/rules', { schema: { tags, summary: 'The achievement\'s award rules', params: IdParams, response: { 200: Type.Object({ items: Type.Array(RuleView) }), ...errorResponses } } }, async (request) => {
    return { items: (await listRules(deps, { actor: actorOf(request), achievementId: request.params.id })).map(toView) };
  });
  app.post('/achievements/:id/rules', { schema: { tags, summary: 'Add an award rule', params: IdParams, body: RuleBody, response: { 201: RuleView, ...errorResponses } } }, async (request, reply) => {
    return reply.status(201).send(toView(await createRule(deps, { actor: actorOf(request), achievementId: request.params.id, fields: request.body })));
  });
  app.put('/achievements/:id/rules/:ruleId', { schema: { tags, summary: 'Replace an award rule', params: RuleParams, body: RuleBody, response: { 200: RuleView, ...errorResponses } } }, async (request) => {
    return toView(await updateRule(deps, { actor: actorOf(request), achievementId: request.params.id, id: request.params.ruleId, fields: request.body }));
  });
  app.delete('/achievements/:id/rules/:ruleId', { schema: { tags, summary: 'Delete an award rule (its past awards stay)', params: RuleParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await deleteRule(deps, { actor: actorOf(request), achievementId: request.params.id, id: request.params.ruleId });
    return reply.status(204).send(null);
  });
  app.post('/achievements/:id/rules/test', { schema: { tags, summary: 'Evaluate a rule against a sample event, awarding nothing', params: IdParams, body: TestRuleBody, response: { 200: TestRuleResult, ...errorResponses } } }, async (request) => {
    const { ruleId, rule, event } = request.body;
    return testRule(deps, { actor: actorOf(request), achievementId: request.params.id, ruleId, rule, event });
  });
};
