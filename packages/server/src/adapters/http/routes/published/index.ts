import { Type } from 'typebox';
import { recordEngagement } from '../../engagement.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StatusListPurpose } from '@laurel/core';
import { getIssuerDidDocument } from '../../../../domain/keys/did-document.js';
import {
  getOb2CryptographicKey,
  getOb2RevocationList,
  getPublicCredentialDocument,
  getPublicJwk,
  loadStatusList,
  signStatusList,
} from '../../../../domain/public/get-signed-documents.js';
import type { HttpDeps } from '../../http-deps.js';
import { viewerOf } from '../../auth.js';
import { noneMatch } from '../../conditional-get.js';
import { IdParams, Problem, StringEnum } from '../../schemas/common.js';

const Document = Type.Object({}, { additionalProperties: true });
const LD_JSON = 'application/ld+json; charset=utf-8';

const shared = (reply: FastifyReply, maxAge: number): FastifyReply =>
  reply.header('access-control-allow-origin', '*').header('cache-control', `public, max-age=${maxAge}`);

/**
 * Everything a verifier needs without asking Laurel's API: signed OB 3.0 credentials (JSON-LD or
 * VC-JWT by content negotiation), did:web documents, keys, status lists and OB 2.0 revocation lists.
 */
export const publishedRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  const tags = ['published'];
  const statusCache = new Map<string, { version: string; body: string }>();

  app.get(
    '/ob3/credentials/:id',
    {
      schema: {
        tags,
        summary: 'OB 3.0 credential: JSON-LD with a Data Integrity proof, or the VC-JWT with Accept: application/vc+jwt',
        params: IdParams,
        description: 'The VC-JWT is signed the first time it is asked for, then kept; 410 credential-form-unavailable when it was never made and its organisation was deleted since.',
        querystring: Type.Object({ download: Type.Optional(Type.Literal('1', { description: "Set by the public page's download link: counted as the credential taken (analytics)" })) }),
        response: { 200: Type.Unknown(), 404: Problem, 410: Problem },
      },
    },
    async (request, reply) => {
      const wantsJwt = (request.headers.accept ?? '').includes('application/vc+jwt');
      const viewer = await viewerOf(deps, request);
      const body = await getPublicCredentialDocument(deps, { id: request.params.id, format: wantsJwt ? 'vc-jwt' : 'ob3', viewerUserId: viewer.userId });
      if (request.query.download === '1') {
        const find = async () => (await deps.store.credentials.findPublic(request.params.id)) ?? undefined;
        recordEngagement(deps, request, { credential: find, metric: 'accepted', dim: 'download', browser: true });
      }
      shared(reply, viewer.userId ? 0 : 60).header('vary', 'Accept, Cookie');
      if (viewer.userId) reply.header('cache-control', 'private, no-store');
      return reply.type(wantsJwt ? 'application/vc+jwt' : LD_JSON).serializer((x: unknown) => x as string).send(body);
    },
  );

  app.get('/issuers/:id/did.json', { schema: { tags, summary: "An issuer's did:web DID document (every key it had)", params: IdParams, response: { 200: Document, 404: Problem } } }, async (request, reply) => {
    const doc = await getIssuerDidDocument(deps, { issuerId: request.params.id });
    return shared(reply, 300).type('application/did+ld+json').send(doc);
  });

  app.get('/keys/:file', { schema: { tags, summary: 'Public JWK of an RSA key (VC-JWT kid)', params: Type.Object({ file: Type.String({ pattern: '^[^/]+\\.jwk$' }) }), response: { 200: Document, 404: Problem } } }, async (request, reply) => {
    const jwk = await getPublicJwk(deps, { keyId: request.params.file.replace(/\.jwk$/, '') });
    return shared(reply, 300).type('application/jwk+json').send(jwk);
  });

  app.get('/ob2/keys/:id', { schema: { tags, summary: 'OB 2.0 CryptographicKey (creator of signed assertions)', params: IdParams, response: { 200: Document, 404: Problem } } }, async (request, reply) => {
    return shared(reply, 300).type(LD_JSON).send(await getOb2CryptographicKey(deps, { keyId: request.params.id }));
  });

  app.get('/ob2/issuers/:id/revocations', { schema: { tags, summary: 'OB 2.0 RevocationList of an issuer', params: IdParams, response: { 200: Document, 404: Problem } } }, async (request, reply) => {
    return shared(reply, 60).type(LD_JSON).send(await getOb2RevocationList(deps, { issuerId: request.params.id }));
  });

  const StatusParams = { issuerId: Type.String({ minLength: 1, maxLength: 100 }), purpose: StringEnum(['revocation', 'suspension'] as const) };
  // Laurel's own credentials also point at `message`: revocation and suspension, two bits per entry.
  const OwnStatusParams = { ...StatusParams, purpose: StringEnum(['revocation', 'suspension', 'message'] as const) };
  // The signed list is kept (body and ETag) until a status bit, a list or a key changes (adapters/cache):
  // a hit reads nothing from the database. Without the cache, it is re-signed only when its version moved.
  const serveStatusList = async (request: FastifyRequest, reply: FastifyReply, params: { issuerId: string; purpose: StatusListPurpose; keyId?: string | undefined }, vcApi = false) => {
    const key = `${vcApi ? 'vc/' : ''}${params.issuerId}/${params.purpose}/${params.keyId ?? ''}`;
    let answer = deps.publicCache.get('status', key);
    if (!answer) {
      const epoch = deps.publicCache.epoch;
      const source = await loadStatusList(deps, { ...params, vcApi });
      let signed = statusCache.get(key);
      if (!signed || signed.version !== source.version) {
        signed = { version: source.version, body: JSON.stringify(await signStatusList(deps, source)) };
        statusCache.set(key, signed);
      }
      answer = { body: signed.body, etag: `"${Buffer.from(signed.version).toString('base64url')}"` };
      deps.publicCache.set('status', key, answer, { epoch });
    }
    shared(reply, 60).header('etag', answer.etag);
    if (noneMatch(request.headers['if-none-match'], answer.etag)) return reply.status(304).send(null);
    return reply.type('application/vc+ld+json').serializer((x: unknown) => x as string).send(answer.body);
  };
  const statusResponses = { 200: Type.Unknown(), 304: Type.Null(), 404: Problem };

  app.get(
    '/status/:issuerId/:purpose',
    { schema: { tags, summary: 'Signed BitstringStatusListCredential of a did:web issuer (revocation, suspension, or message: both, two bits per entry)', params: Type.Object(OwnStatusParams), response: statusResponses } },
    async (request, reply) => serveStatusList(request, reply, request.params),
  );
  app.get(
    '/status/:issuerId/:purpose/:keyId',
    {
      schema: {
        tags,
        summary: "Signed BitstringStatusListCredential of one key generation of a did:key issuer (the list's issuer is that generation's did:key)",
        params: Type.Object({ ...OwnStatusParams, keyId: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: statusResponses,
      },
    },
    async (request, reply) => serveStatusList(request, reply, request.params),
  );
  // The lists of credentials issued through the VC-API (POST /vc/credentials/issue with options.credentialStatus).
  app.get(
    '/status/:issuerId/vc/:purpose',
    { schema: { tags, summary: 'Signed BitstringStatusListCredential of the credentials a did:web issuer issued through the VC-API', params: Type.Object(StatusParams), response: statusResponses } },
    async (request, reply) => serveStatusList(request, reply, request.params, true),
  );
  app.get(
    '/status/:issuerId/vc/:purpose/:keyId',
    {
      schema: {
        tags,
        summary: 'Signed BitstringStatusListCredential of the VC-API credentials of one key generation of a did:key issuer',
        params: Type.Object({ ...StatusParams, keyId: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: statusResponses,
      },
    },
    async (request, reply) => serveStatusList(request, reply, request.params, true),
  );
};
