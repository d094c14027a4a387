import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { requireAuth } from './auth.js';
import { sharedSerializerBuilder } from './compiled-once.js';
import { frameworkErrors, registerErrorHandling } from './errors.js';
import type { HttpDeps } from './http-deps.js';
import { namedOpenApiComponents } from './openapi-components.js';
import { PROBLEMS, PROBLEM_BASE } from './problems.js';
import { redactPath } from './redact-path.js';
import { achievementRoutes } from './routes/achievements/index.js';
import { apiKeyRoutes } from './routes/api-keys/index.js';
import { credentialRoutes } from './routes/credentials/index.js';
import { credentialImageApiRoutes, credentialMediaRoutes } from './routes/credential-media/index.js';
import { credentialBulkRoutes } from './routes/credential-bulk/index.js';
import { recipientRoutes } from './routes/recipients/index.js';
import { healthRoutes } from './routes/health/index.js';
import { metricsRoute } from './routes/health/metrics.js';
import { recordRequestMetrics } from './request-metrics.js';
import { conditionalGet } from './conditional-get.js';
import { issuerRoutes } from './routes/issuers/index.js';
import { ob2Routes } from './routes/ob2/index.js';
import { publicPageRoutes } from './routes/public-pages/index.js';
import { engagementRoutes } from './routes/public-pages/engagement-routes.js';
import { analyticsRoutes } from './routes/analytics/index.js';
import { publishedRoutes } from './routes/published/index.js';
import { vcApiRoutes } from './routes/vc-api/index.js';
import { earnerImportRoutes } from './routes/earners/import-credential.js';
import { earnerRoutes, unsubscribeRoute } from './routes/earners/index.js';
import { migrationImportRoutes } from './routes/migration-imports/index.js';
import { bulkRoutes } from './routes/bulk/index.js';
import { previewRoutes } from './routes/public-pages/preview.js';
import { organisationRoutes } from './routes/organisation/index.js';
import { faviconRoutes } from './routes/favicon.js';
import { sessionRoutes } from './routes/session/index.js';
import { ssoConnectionRoutes } from './routes/sso/connections.js';
import { ssoSignInRoutes } from './routes/sso/sign-in.js';
import { earnerOidcSignInRoutes, linkedProviderRoutes } from './routes/sso/earner-sign-in.js';
import { verifyRoutes } from './routes/verify/index.js';
import { imageRoutes } from './routes/images/index.js';
import { webhookRoutes } from './routes/webhooks/index.js';
import { eventIntakeRoutes, eventRoutes } from './routes/events/index.js';
import { awardRuleRoutes } from './routes/award-rules/index.js';
import { certificateTemplateRoutes } from './routes/certificate-templates/index.js';
import { refreshRoutes, renewalRoutes } from './routes/renewals/index.js';
import { invitationRoutes, joinRoutes } from './routes/invitations/index.js';
import { oid4vciRoutes, oid4vciWellKnownRoutes } from './routes/oid4vci/index.js';
import { walletOfferApiRoutes, walletOfferEarnerRoutes } from './routes/wallet-offers/index.js';
import { walletExchangeEarnerRoutes, walletExchangeRoutes } from './routes/wallet-exchanges/index.js';
import { gettingStartedRoutes } from './routes/getting-started/index.js';
import { oauthRoutes } from './routes/oauth/index.js';
import { consentRoutes } from './routes/oauth/consent.js';
import { machineClientRoutes } from './routes/oauth/machine-clients.js';
import { obApiRoutes } from './routes/ob-api/index.js';
import { accountRoutes } from './routes/account/index.js';
import { mfaPolicyRoutes } from './routes/organisation/mfa-policy.js';
import { privacyRoutes } from './routes/account/privacy.js';
import { ltiPlatformRoutes } from './routes/lti/index.js';
import { ltiToolRoutes } from './routes/lti/launch-routes.js';
import { connectorRoutes } from './routes/connectors/index.js';
import { claimCodePublicRoutes, claimCodeRoutes } from './routes/claim-codes/index.js';
import { endorsementPublicRoutes, endorsementRoutes } from './routes/endorsements/index.js';
import { evidenceFileRoutes, evidencePublicRoutes } from './routes/evidence/index.js';
import { Problem } from './schemas/common.js';
import { refuseUnstorableText } from './text-guard.js';
import { validatorCompiler } from './validation.js';

/** A caller's X-Request-Id is kept when it looks like an id (so a proxy's id follows the request through the logs). */
const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

export function requestIdOf(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

const APP_CSP = [
  "default-src 'self'",
  "img-src 'self' data: https:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  // The certificate template editor shows its live preview: a PDF the API drew, as a blob: URL.
  "frame-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Logs carry no secrets and no recipient PII: headers redacted, query strings and token path segments dropped from URLs. */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'], censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; id: string; ip?: string }) => ({ method: req.method, path: redactPath(req.url), requestId: req.id }),
    },
  };
}

/** The whole HTTP surface, without listening: tests use `app.inject()`. */
export async function buildApp(deps: HttpDeps, options: { logger?: FastifyServerOptions['logger'] } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? loggerOptions(deps.http.logLevel),
    bodyLimit: deps.http.bodyLimitBytes,
    trustProxy: deps.http.trustProxy,
    genReqId: requestIdOf,
    ajv: { customOptions: { allErrors: true } },
    frameworkErrors,
    schemaController: { compilersFactory: { buildSerializer: sharedSerializerBuilder } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler());
  // JSON only by default; a route that takes other bodies registers its own parser in its scope.
  app.removeContentTypeParser(['text/plain']);
  registerErrorHandling(app, { webDist: existingDir(deps.http.webDist) });
  refuseUnstorableText(app);
  if (deps.metrics) recordRequestMetrics(app, deps.metrics);
  conditionalGet(app);
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionContext', null);
  app.decorateRequest('pendingApiKey', null);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    // The web app shell (and anything else HTML without its own policy): scripts and styles from
    // here only, not framable. The API reference UI (/api/docs) brings inline assets of its own.
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html') && !reply.hasHeader('content-security-policy') && !request.url.startsWith('/api/docs')) {
      reply.header('content-security-policy', APP_CSP);
      reply.header('x-frame-options', 'DENY');
      reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    }
  });

  await app.register(fastifyCookie);
  app.addSchema(Problem);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Laurel API',
        version: '1',
        description: `Digital badges and certificates (Open Badges 2.0 and 3.0). Errors are RFC 9457 problem documents; their \`type\` is one of ${Object.keys(PROBLEMS).map((c) => PROBLEM_BASE + c).join(', ')}.`,
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (`Authorization: Bearer lrl_…`) or an OAuth 2.0 access token of a machine client (`Bearer lat_…`, from POST /oauth/token with grant_type=client_credentials)' },
          session: { type: 'apiKey', in: 'cookie', name: 'laurel_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    // Shared shapes are components named after their `$id` (the web app's API types are generated from them).
    ...namedOpenApiComponents(),
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  await app.register(healthRoutes, { deps });
  // On the public port only behind METRICS_TOKEN; METRICS_PORT serves them on a listener of their own.
  if (deps.metrics && deps.http.metricsToken) await app.register(metricsRoute, { metrics: deps.metrics, token: deps.http.metricsToken });
  await app.register(ob2Routes, { deps });
  await app.register(publishedRoutes, { deps });
  await app.register(endorsementPublicRoutes, { deps }); // endorsements signed here, published at their id
  await app.register(refreshRoutes, { deps });
  await app.register(vcApiRoutes, { deps });
  await app.register(faviconRoutes);
  await app.register(publicPageRoutes, { deps });
  await app.register(engagementRoutes, { deps }); // analytics: open pixel, tracked share links
  await app.register(credentialMediaRoutes, { deps });
  await app.register(imageRoutes, { deps });
  await app.register(sessionRoutes, { deps, prefix: '/api/v1' });
  await app.register(earnerRoutes, { deps, prefix: '/api/v1' });
  await app.register(earnerImportRoutes, { deps, prefix: '/api/v1' });
  await app.register(joinRoutes, { deps, prefix: '/api/v1' });
  await app.register(unsubscribeRoute, { deps }); // the List-Unsubscribe URL itself (RFC 8058 one-click POST)
  await app.register(verifyRoutes, { deps, prefix: '/api/v1' });
  await app.register(oid4vciWellKnownRoutes, { deps });
  await app.register(oid4vciRoutes, { deps, prefix: '/oid4vci' });
  await app.register(walletOfferEarnerRoutes, { deps, prefix: '/api/v1' });
  await app.register(walletExchangeEarnerRoutes, { deps, prefix: '/api/v1' });
  await app.register(walletExchangeRoutes, { deps });
  await app.register(oauthRoutes, { deps });
  await app.register(consentRoutes, { deps, prefix: '/api/v1' });
  await app.register(obApiRoutes, { deps, prefix: '/ims/ob/v3p0' });
  await app.register(accountRoutes, { deps, prefix: '/api/v1' });
  await app.register(eventIntakeRoutes, { deps, prefix: '/api/v1' }); // its own authentication: an API credential or a signature
  await app.register(privacyRoutes, { deps, prefix: '/api/v1' });
  await app.register(ltiToolRoutes, { deps }); // LTI 1.3: the LMS's browser and id_tokens authenticate, not a Laurel credential
  await app.register(claimCodePublicRoutes, { deps }); // award by link: the public claim page and its JSON twin
  await app.register(evidencePublicRoutes, { deps }); // awards' evidence files at their stable URLs
  await app.register(
    async (api) => {
      // onRequest: authentication comes before body parsing and validation, so strangers learn nothing (the issue
      // route judges a bearer API key after its body, answering the key first: api-key-after-body.ts).
      api.addHook('onRequest', requireAuth(deps));
      // The authenticated /api/v1 routes, one per line.
      for (const routes of [
        organisationRoutes,
        apiKeyRoutes,
        issuerRoutes,
        achievementRoutes,
        credentialRoutes,
        bulkRoutes,
        credentialImageApiRoutes,
        previewRoutes,
        webhookRoutes,
        invitationRoutes,
        walletOfferApiRoutes,
        credentialBulkRoutes,
        recipientRoutes,
        gettingStartedRoutes,
        certificateTemplateRoutes,
        machineClientRoutes,
        mfaPolicyRoutes,
        eventRoutes,
        awardRuleRoutes,
        renewalRoutes,
        ltiPlatformRoutes,
        connectorRoutes,
        claimCodeRoutes,
        migrationImportRoutes,
        analyticsRoutes,
        endorsementRoutes,
        evidenceFileRoutes,
      ]) {
        await api.register(routes, { deps });
      }
    },
    { prefix: '/api/v1' },
  );
  // Single sign-on: the public sign-in, callback, ACS and SP metadata; the organisation's connections (admins).
  await app.register(ssoSignInRoutes, { deps, prefix: '/api/v1' });
  await app.register(
    async (api) => {
      api.addHook('onRequest', requireAuth(deps));
      await api.register(ssoConnectionRoutes, { deps });
    },
    { prefix: '/api/v1' },
  );

  // Earners signing in with public OpenID Providers (LAUREL_EARNER_OIDC_PROVIDERS), and their linked providers.
  await app.register(earnerOidcSignInRoutes, { deps, prefix: '/api/v1' });
  await app.register(linkedProviderRoutes, { deps, prefix: '/api/v1' });

  const webDist = existingDir(deps.http.webDist);
  if (webDist) await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: ['index.html'] });
  return app;
}

function existingDir(dir: string | undefined): string | undefined {
  return dir && existsSync(dir) ? dir : undefined;
}
