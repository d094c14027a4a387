import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticateEarnerToken, type EarnerGrant } from '../../../../domain/oauth/authenticate-access-token.js';
import { OB_SCOPES } from '../../../../domain/oauth/scopes.js';
import { getObProfile, putObProfile } from '../../../../domain/ob-api/earner-profile.js';
import { listObCredentials } from '../../../../domain/ob-api/list-credentials.js';
import { upsertObCredential, type UpsertBody } from '../../../../domain/ob-api/upsert-credential.js';
import { createVerifierDeps } from '../../../verification/remote-documents.js';
import { presentedAccessTokenOf } from '../../dpop-request.js';
import type { HttpDeps } from '../../http-deps.js';
import { selfAwareRemote } from '../../self-remote.js';
import { serviceDescription } from './discovery-document.js';
import { bearerChallenge, imsxErrorHandling, sendStatusInfo } from './imsx.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The OB 3.0 scope a route of the OB 3.0 API requires. */
    obScope?: string;
  }
  interface FastifyRequest {
    earnerGrant: EarnerGrant | null;
  }
}

const JSON_TYPES = ['application/vc+ld+json', 'application/ld+json'];
const CredentialsQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  since: Type.Optional(Type.String({ format: 'date-time' })),
});

/** RFC 8288 links over limit/offset pages, as OB 3.0 §6.4 wants them (first and last always; next and prev when they exist). */
export function pageLinks(url: string, page: { limit: number; offset: number; total: number; since?: string | undefined }): string {
  const at = (offset: number) => {
    const q = new URLSearchParams({ limit: String(page.limit), offset: String(offset) });
    if (page.since) q.set('since', page.since);
    return `<${url}?${q.toString()}>`;
  };
  const last = page.total === 0 ? 0 : Math.floor((page.total - 1) / page.limit) * page.limit;
  const links = [];
  if (page.offset + page.limit < page.total) links.push(`${at(page.offset + page.limit)}; rel="next"`);
  links.push(`${at(last)}; rel="last"`, `${at(0)}; rel="first"`);
  if (page.offset > 0) links.push(`${at(Math.max(0, page.offset - page.limit))}; rel="prev"`);
  return links.join(', ');
}

function grantOf(request: FastifyRequest): EarnerGrant {
  if (!request.earnerGrant) throw new Error('route without authentication');
  return request.earnerGrant;
}

/**
 * The 1EdTech Open Badges 3.0 API (§6): Laurel as the service provider an earner's host or displayer reads
 * from, and as the host that other issuers' credentials are pushed into. Access tokens come from the
 * authorization code grant (the earner consents); errors are Imsx_StatusInfo.
 */
export const obApiRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  imsxErrorHandling(app);
  app.decorateRequest('earnerGrant', null);
  app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: deps.http.bodyLimitBytes }, (_request, body, done) => done(null, body));
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'string', bodyLimit: deps.http.bodyLimitBytes }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(Object.assign(new Error('the body is not valid JSON'), { statusCode: 400 }));
    }
  });
  const configured = deps.verify?.verifier ?? createVerifierDeps({ allowHosts: [], isolation: deps.untrusted.pdf }, deps.clock);
  const verifier = { ...configured, remote: selfAwareRemote(app, deps.links.base, configured.remote) };
  const tags = ['Open Badges 3.0 API'];

  app.get('/discovery', { schema: { tags, summary: 'Service Description Document (OB 3.0 §6.3)', security: [] } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(serviceDescription(deps)),
  );

  await app.register(async (scoped) => {
    const secured = scoped.withTypeProvider<TypeBoxTypeProvider>();
    secured.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const scope = request.routeOptions.config.obScope;
      if (!scope) return;
      const presented = presentedAccessTokenOf(request, deps.links.base);
      if (!presented) {
        bearerChallenge(reply, undefined, undefined, scope);
        return sendStatusInfo(reply, 401, 'send an access token: Authorization: Bearer <token>', 'unauthorizedrequest');
      }
      request.earnerGrant = await authenticateEarnerToken(deps, presented, scope);
    });

    secured.get(
      '/credentials',
      { config: { obScope: OB_SCOPES.credentialRead }, schema: { tags, summary: 'getCredentials', querystring: CredentialsQuery } },
      async (request, reply) => {
        const { limit = 50, offset = 0, since } = request.query;
        const page = await listObCredentials(deps, { userId: grantOf(request).userId, limit, offset, since });
        reply.header('x-total-count', String(page.total));
        reply.header('link', pageLinks(`${deps.links.base}/ims/ob/v3p0/credentials`, { limit, offset, since, total: page.total }));
        return reply.type('application/json').send({ credential: page.credential, compactJwsString: page.compactJwsString });
      },
    );

    secured.post('/credentials', { config: { obScope: OB_SCOPES.credentialUpsert }, bodyLimit: deps.http.bodyLimitBytes, schema: { tags, summary: 'upsertCredential' } }, async (request, reply) => {
      const grant = grantOf(request);
      const text = typeof request.body === 'string';
      const body: UpsertBody = text ? { kind: 'jwt', text: (request.body as string).trim() } : { kind: 'json', value: request.body };
      const { created } = await upsertObCredential({ ...deps, verifier }, { userId: grant.userId, clientId: grant.clientId, body });
      // The response body is the credential in the request, in the same form.
      return reply.status(created ? 201 : 200).type(text ? 'text/plain' : 'application/json').send(text ? (request.body as string).trim() : JSON.stringify(request.body));
    });

    secured.get('/profile', { config: { obScope: OB_SCOPES.profileRead }, schema: { tags, summary: 'getProfile' } }, async (request, reply) =>
      reply.type('application/json').send(await getObProfile({ ...deps, baseUrl: deps.links.base }, { userId: grantOf(request).userId })),
    );

    secured.put('/profile', { config: { obScope: OB_SCOPES.profileUpdate }, schema: { tags, summary: 'putProfile' } }, async (request, reply) =>
      reply.type('application/json').send(await putObProfile({ ...deps, baseUrl: deps.links.base }, { userId: grantOf(request).userId, profile: request.body })),
    );
  });

  // OB 3.0 §6.2: a method the endpoint does not allow is 405 with Imsx_StatusInfo.
  for (const [url, allowed] of [['/credentials', 'GET, POST'], ['/profile', 'GET, PUT'], ['/discovery', 'GET']] as const) {
    const methods = (['DELETE', 'PATCH', 'PUT', 'POST'] as const).filter((m) => !allowed.includes(m));
    app.route({ method: [...methods], url, schema: { hide: true }, handler: async (_request, reply) => sendStatusInfo(reply.header('allow', allowed), 405, `allowed: ${allowed}`, 'not_allowed') });
  }
};
