import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { DEEP_LINKING_REQUEST } from '../../../../domain/lti/claims.js';
import { respondDeepLink } from '../../../../domain/lti/deep-linking.js';
import { registerDynamically } from '../../../../domain/lti/dynamic-registration.js';
import { landLaunch } from '../../../../domain/lti/land-launch.js';
import { completeLaunch, initiateLogin, LAUNCH_TTL_SECONDS, type LoginInitiation } from '../../../../domain/lti/launch.js';
import { toolUrls } from '../../../../domain/lti/lti-deps.js';
import { isInstructor } from '../../../../domain/lti/claims.js';
import { AppError } from '../../../../domain/shared/errors.js';
import { guardedLtiHttp } from '../../../lti/guarded-lti-http.js';
import type { HttpDeps } from '../../http-deps.js';
import { rateLimitOptions } from '../../rate-limit.js';
import { IdParams, errorResponses } from '../../schemas/common.js';
import { registeredPage, REGISTERED_SCRIPT_HASH } from './registered-page.js';
import { deepLinkPickerPage, deepLinkReturnPage, launchPage } from './pages.js';

/** The state cookie binds a login to the browser that started it; cross-site (the platform form_posts back), so SameSite=None. */
export const STATE_COOKIE = 'laurel_lti_state';
const tags = ['lti'];
const FORM = 'application/x-www-form-urlencoded';
const Form = Type.Record(Type.String(), Type.String());
const Html = Type.String();
const opt = () => Type.Optional(Type.String({ maxLength: 2048 }));
/** The login initiation's parameters (OIDC third-party initiated login, LTI 1.3 §5.1.1). */
const LoginQuery = Type.Object({ iss: opt(), login_hint: opt(), target_link_uri: opt(), lti_message_hint: opt(), client_id: opt(), lti_deployment_id: opt() });

/** Framed by the LMS: scripts off, forms back to here (and to the platform's return URL), frames allowed. */
function htmlPage(reply: FastifyReply, body: string, formTarget?: string): FastifyReply {
  const formAction = formTarget ? `'self' ${new URL(formTarget).origin}` : "'self'";
  return reply
    .header('cache-control', 'no-store')
    .header('content-security-policy', `default-src 'none'; style-src 'self'; img-src 'self' https: data:; form-action ${formAction}; base-uri 'none'`)
    .type('text/html; charset=utf-8')
    .send(body);
}

/** The LTI 1.3 tool's public endpoints: its keys, the OIDC login initiation, the launch and the deep-linking choice. */
export const ltiToolRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
    const form: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(body as string)) {
      if (key in form) return done(Object.assign(new Error(`${key} is given twice`), { statusCode: 400 }));
      form[key] = value;
    }
    done(null, form);
  });
  // Per IP: each login stores a row, each launch may fetch the platform's keys and scores.
  await app.register(fastifyRateLimit, rateLimitOptions(deps));
  const limited = (max: number) => ({ rateLimit: { max, timeWindow: 60_000 } });
  const urls = toolUrls(deps.links.base);
  let fallbackHttp: ReturnType<typeof guardedLtiHttp> | undefined;
  const ltiDeps = () => ({ ...deps, ltiHttp: deps.lti?.http ?? (fallbackHttp ??= guardedLtiHttp()) });

  app.get('/lti/platforms/:id/jwks', { schema: { tags, security: [], summary: 'The tool\'s public keys for this platform', params: IdParams, response: { 200: Type.Object({ keys: Type.Array(Type.Record(Type.String(), Type.Unknown())) }), ...errorResponses } } }, async (request) => {
    const platform = await deps.store.lti.findPlatformById(request.params.id);
    if (!platform) throw new AppError('not-found', 'LTI platform not found');
    return { keys: [platform.toolPublicJwk as Record<string, unknown>] };
  });

  const login = async (params: IdParamsT, form: Record<string, string | undefined>, reply: FastifyReply) => {
    const input: LoginInitiation = {
      iss: form.iss, loginHint: form.login_hint, targetLinkUri: form.target_link_uri, ltiMessageHint: form.lti_message_hint,
      clientId: form.client_id, deploymentId: form.lti_deployment_id,
    };
    const { state, redirectTo } = await initiateLogin(deps, urls, { platformId: params.id, params: input });
    reply.setCookie(STATE_COOKIE, state, { path: '/lti', httpOnly: true, sameSite: 'none', secure: true, maxAge: LAUNCH_TTL_SECONDS });
    return reply.header('cache-control', 'no-store').redirect(redirectTo, 302);
  };
  type IdParamsT = { id: string };
  const loginSchema = { tags, security: [], summary: 'OIDC third-party login initiation (the LMS sends the browser here)', params: IdParams, response: { 302: Type.Null(), ...errorResponses } };
  app.get('/lti/platforms/:id/login', { config: limited(120), schema: { ...loginSchema, querystring: LoginQuery } }, async (request, reply) => login(request.params, request.query, reply));
  app.post('/lti/platforms/:id/login', { config: limited(120), schema: { ...loginSchema, body: Form, consumes: [FORM] } }, async (request, reply) => login(request.params, request.body, reply));

  app.post('/lti/launch', { config: limited(120), schema: { tags, security: [], summary: 'The LTI launch (the platform form_posts the id_token here)', body: Form, consumes: [FORM], response: { 200: Html, ...errorResponses } } }, async (request, reply) => {
    const d = ltiDeps();
    const launch = await completeLaunch(d, { state: request.body.state, cookieState: request.cookies[STATE_COOKIE], idToken: request.body.id_token });
    if (launch.messageType === DEEP_LINKING_REQUEST) {
      if (!isInstructor(launch.roles)) throw new AppError('forbidden', 'only instructors place badges in a course');
      const page = await deps.store.achievements.list(launch.platform.orgId, { limit: 100, sort: 'name' });
      return htmlPage(reply, deepLinkPickerPage(launch.state, page.items.map((a) => ({ id: a.id, name: a.name }))));
    }
    const view = await landLaunch(d, launch);
    return htmlPage(reply, launchPage(view, { credentialPage: (id) => deps.urls.publicCredentialPage(id), backpack: deps.urls.backpackPage() }));
  });

  app.get('/lti/register/:token', {
    config: limited(10),
    schema: {
      tags, security: [], summary: 'LTI Dynamic Registration: the LMS opens this link with its openid_configuration', params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }),
      querystring: Type.Object({ openid_configuration: opt(), registration_token: opt() }), response: { 200: Html, ...errorResponses },
    },
  }, async (request, reply) => {
    const platform = await registerDynamically(ltiDeps(), urls, { token: request.params.token, openidConfiguration: request.query.openid_configuration, registrationToken: request.query.registration_token });
    return reply
      .header('cache-control', 'no-store')
      .header('content-security-policy', `default-src 'none'; script-src '${REGISTERED_SCRIPT_HASH}'; base-uri 'none'; form-action 'none'`)
      .type('text/html; charset=utf-8')
      .send(registeredPage(platform.name));
  });

  app.post('/lti/deep-link', { config: limited(30), schema: { tags, security: [], summary: 'The instructor\'s choice after a deep-linking launch: answered with the LtiDeepLinkingResponse form', body: Form, consumes: [FORM], response: { 200: Html, ...errorResponses } } }, async (request, reply) => {
    const threshold = Number(request.body.threshold) / 100;
    const { returnUrl, jwt } = await respondDeepLink(deps, urls, {
      state: request.body.state ?? '', cookieState: request.cookies[STATE_COOKIE], achievementId: request.body.achievementId ?? '', threshold,
    });
    return htmlPage(reply, deepLinkReturnPage(returnUrl, jwt), returnUrl);
  });
};
