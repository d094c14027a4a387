import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createRegistrationLink } from '../../../../domain/lti/dynamic-registration.js';
import { deletePlatform, getPlatform, listPlatforms, registerPlatform } from '../../../../domain/lti/manage-platforms.js';
import type { LtiPlatform } from '../../../../domain/lti/ports.js';
import { SCOPES } from '../../../../domain/lti/claims.js';
import { toolUrls } from '../../../../domain/lti/lti-deps.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { IdParams, errorResponses } from '../../schemas/common.js';
import { PlatformBody, PlatformView } from './lti.schema.js';

const tags = ['lti'];

/** What the LMS administrator pastes into the platform's tool registration. */
export function toolConfiguration(base: string, p: LtiPlatform) {
  const urls = toolUrls(base);
  return {
    loginInitiationUrl: urls.login(p.id), redirectUrls: [urls.launch], targetLinkUri: urls.launch, jwksUrl: urls.jwks(p.id),
    publicJwk: p.toolPublicJwk as Record<string, unknown>, deepLinkingUrl: urls.launch, scopes: [SCOPES.results, SCOPES.memberships],
  };
}

/** LTI 1.3 platforms (LMS) registered by the organisation, and the tool configuration for each. */
export const ltiPlatformRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  const toView = (p: LtiPlatform) => ({
    id: p.id, name: p.name, issuer: p.issuer, clientId: p.clientId, deploymentIds: p.deploymentIds, authLoginUrl: p.authLoginUrl,
    jwksUrl: p.jwksUrl, tokenUrl: p.tokenUrl, createdAt: p.createdAt, tool: toolConfiguration(deps.links.base, p),
  });
  app.get('/lti/platforms', { schema: { tags, summary: 'Registered LTI platforms', response: { 200: Type.Object({ items: Type.Array(PlatformView) }), ...errorResponses } } }, async (request) => {
    return { items: (await listPlatforms(deps, { actor: actorOf(request) })).map(toView) };
  });
  app.post('/lti/platforms', { schema: { tags, summary: 'Register an LTI 1.3 platform (LMS); the answer carries the tool configuration to paste into it', body: PlatformBody, response: { 201: PlatformView, ...errorResponses } } }, async (request, reply) => {
    return reply.status(201).send(toView(await registerPlatform(deps, { actor: actorOf(request), fields: request.body })));
  });
  app.post('/lti/registration-links', { schema: { tags, summary: 'A single-use LTI Dynamic Registration link to give the LMS (valid 24 hours)', response: { 201: Type.Object({ url: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }), ...errorResponses } } }, async (request, reply) => {
    const { token, expiresAt } = await createRegistrationLink(deps, { actor: actorOf(request) });
    return reply.status(201).send({ url: `${toolUrls(deps.links.base).base}/lti/register/${token}`, expiresAt });
  });
  app.get('/lti/platforms/:id', { schema: { tags, summary: 'A registered LTI platform and its tool configuration', params: IdParams, response: { 200: PlatformView, ...errorResponses } } }, async (request) => {
    return toView(await getPlatform(deps, { actor: actorOf(request), id: request.params.id }));
  });
  app.delete('/lti/platforms/:id', { schema: { tags, summary: 'Remove an LTI platform (its placements go; awards made stay)', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await deletePlatform(deps, { actor: actorOf(request), id: request.params.id });
    return reply.status(204).send(null);
  });
};
