import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { startAuthorization } from '../../../../domain/oauth/authorize.js';
import { introspectToken, revokeToken } from '../../../../domain/oauth/introspect-and-revoke.js';
import { DPOP_SIGNING_ALGS } from '../../../../domain/oauth/dpop.js';
import { isOAuthError } from '../../../../domain/oauth/oauth-error.js';
import { registerClient } from '../../../../domain/oauth/register-client.js';
import { scopeCatalogue } from '../../../../domain/oauth/scopes.js';
import { tokenRequest } from '../../../../domain/oauth/token-request.js';
import { dpopRequestOf } from '../../dpop-request.js';
import type { HttpDeps } from '../../http-deps.js';
import { rateLimitOptions } from '../../rate-limit.js';
import { oauthErrorHandling, sendOAuthError } from '../../oauth-errors.js';
import { acceptForms, clientCredentialsOf, formParams, singleParams } from './oauth-wire.js';

const tags = ['oauth'];
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** The web app's consent page for a pending authorization request. */
export const consentPage = (base: string, authorizationId: string): string => `${base}/connect/${authorizationId}`;

/** RFC 8414 authorization server metadata: what every endpoint is and what it accepts. */
export function authorizationServerMetadata(deps: HttpDeps): Record<string, unknown> {
  const base = deps.links.base;
  return {
    issuer: deps.oauth.issuer,
    authorization_endpoint: `${base}/oauth/authorize`,
    token_endpoint: `${base}/oauth/token`,
    registration_endpoint: `${base}/oauth/register`,
    revocation_endpoint: `${base}/oauth/revoke`,
    introspection_endpoint: `${base}/oauth/introspect`,
    scopes_supported: [...scopeCatalogue(deps.oauth.extensions).keys()],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    dpop_signing_alg_values_supported: [...DPOP_SIGNING_ALGS],
    authorization_response_iss_parameter_supported: true,
    service_documentation: `${base}/api/docs`,
    ...Object.assign({}, ...deps.oauth.extensions.map((e) => e.metadata ?? {})),
  };
}

/** Laurel's OAuth 2.0 authorization server: metadata, authorize, token, register, introspect, revoke. */
export const oauthRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  oauthErrorHandling(app, { notFound: false });
  acceptForms(app, 64 * 1024);
  await app.register(fastifyRateLimit, rateLimitOptions(deps));
  const doc = { tags, security: [] };

  app.get('/.well-known/oauth-authorization-server', { schema: { ...doc, summary: 'OAuth 2.0 authorization server metadata (RFC 8414)' } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(authorizationServerMetadata(deps)),
  );

  app.get(
    '/oauth/authorize',
    { schema: { ...doc, summary: 'Authorization endpoint (code + PKCE S256): the earner signs in and decides on the consent page' } },
    async (request, reply) => {
      try {
        const outcome = await startAuthorization(deps, singleParams(request.query));
        return reply.redirect(outcome.kind === 'consent' ? consentPage(deps.links.base, outcome.authorizationId) : outcome.location, 302);
      } catch (e) {
        // An unknown client or an unregistered redirect URI: answered here, never redirected (RFC 6749 §4.1.2.1).
        if (isOAuthError(e)) return sendOAuthError(request, reply, e);
        throw e;
      }
    },
  );

  app.post('/oauth/token', { schema: { ...doc, summary: 'Token endpoint: client_credentials, authorization_code (with code_verifier), refresh_token (rotated)' } }, async (request, reply) => {
    const params = formParams(request);
    const response = await tokenRequest(deps, { credentials: clientCredentialsOf(request, params), params, dpop: dpopRequestOf(request, deps.links.base) });
    return reply.headers(NO_STORE).send(response);
  });

  app.post(
    '/oauth/register',
    {
      config: { rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: { ...doc, summary: 'Dynamic client registration (RFC 7591) for Open Badges hosts and displayers' },
    },
    async (request, reply) => {
      const { response } = await registerClient(deps, request.body);
      return reply.status(201).headers(NO_STORE).send(response);
    },
  );

  app.post('/oauth/introspect', { schema: { ...doc, summary: 'Token introspection (RFC 7662): a client asks about its own tokens' } }, async (request, reply) => {
    const params = formParams(request);
    return reply.headers(NO_STORE).send(await introspectToken(deps, { credentials: clientCredentialsOf(request, params), token: params.token }));
  });

  app.post('/oauth/revoke', { schema: { ...doc, summary: 'Token revocation (RFC 7009)' } }, async (request, reply) => {
    const params = formParams(request);
    await revokeToken(deps, { credentials: clientCredentialsOf(request, params), token: params.token });
    return reply.headers(NO_STORE).status(200).send();
  });
};
