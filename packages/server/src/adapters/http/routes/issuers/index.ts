import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createIssuer } from '../../../../domain/issuers/create-issuer.js';
import { getIssuer, listIssuers } from '../../../../domain/issuers/read-issuers.js';
import type { IssuerSort } from '../../../../domain/issuers/ports.js';
import { updateIssuer } from '../../../../domain/issuers/update-issuer.js';
import type { Issuer } from '../../../../domain/issuers/ports.js';
import { currentIssuerDid, verificationMethodOf } from '../../../../domain/keys/issuer-identity.js';
import type { IssuerKey } from '../../../../domain/keys/ports.js';
import { listIssuerKeys, retireIssuerKey, rotateIssuerKeys } from '../../../../domain/keys/rotate-issuer-keys.js';
import { Type } from 'typebox';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { DateTime, IdParams, Nullable, StringEnum, errorResponses } from '../../schemas/common.js';
import { CreateIssuerBody, IssuerPage, IssuerView, ListIssuersQuery, UpdateIssuerBody, toIssuerView } from './issuers.schema.js';

const tags = ['issuers'];

export const issuerRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  const view = async (issuer: Issuer) => toIssuerView(issuer, await currentIssuerDid(deps, issuer), deps.links);

  app.post('/issuers', { schema: { tags, summary: 'Create an issuer profile', body: CreateIssuerBody, response: { 201: IssuerView, ...errorResponses } } }, async (request, reply) => {
    const issuer = await createIssuer(deps, { actor: actorOf(request), data: request.body });
    return reply.status(201).header('location', `/api/v1/issuers/${issuer.id}`).send(await view(issuer));
  });

  app.get('/issuers', { schema: { tags, summary: 'List issuers', querystring: ListIssuersQuery, response: { 200: IssuerPage, ...errorResponses } } }, async (request) => {
    const q = request.query;
    const page = await listIssuers(deps, { actor: actorOf(request), query: { limit: q.limit ?? 50, cursor: q.cursor, sort: (q.sort ?? '-createdAt') as IssuerSort, q: q.q } });
    return { items: await Promise.all(page.items.map(view)), nextCursor: page.nextCursor };
  });

  app.get('/issuers/:id', { schema: { tags, summary: 'Get an issuer', params: IdParams, response: { 200: IssuerView, ...errorResponses } } }, async (request) => {
    return view(await getIssuer(deps, { actor: actorOf(request), id: request.params.id }));
  });

  app.patch('/issuers/:id', { schema: { tags, summary: 'Update an issuer', params: IdParams, body: UpdateIssuerBody, response: { 200: IssuerView, ...errorResponses } } }, async (request) => {
    return view(await updateIssuer(deps, { actor: actorOf(request), id: request.params.id, patch: request.body }));
  });

  const KeyView = Type.Object(
    {
      id: Type.String(),
      algorithm: StringEnum(['Ed25519', 'RSA'] as const),
      status: StringEnum(['active', 'previous', 'retired'] as const),
      verificationMethod: Type.String({ description: 'Where verifiers find the key: did:web or did:key verification method id (RSA keys of did:key issuers: their OB 2.0 CryptographicKey URL)' }),
      publicKeyMultibase: Type.Optional(Type.String()),
      publicKeyJwk: Type.Optional(Type.Object({}, { additionalProperties: true })),
      createdAt: DateTime,
      retiredAt: Nullable(DateTime),
    },
    { $id: 'IssuerKey' },
  );
  const keyView = (issuer: Issuer) => (k: IssuerKey) => ({
    id: k.id,
    algorithm: k.algorithm,
    status: k.status,
    verificationMethod: verificationMethodOf(deps.urls, issuer, k),
    ...(k.publicKey.publicKeyMultibase ? { publicKeyMultibase: k.publicKey.publicKeyMultibase } : {}),
    ...(k.publicKey.publicJwk ? { publicKeyJwk: k.publicKey.publicJwk } : {}),
    createdAt: k.createdAt,
    retiredAt: k.retiredAt,
  });
  const KeyList = Type.Object({ items: Type.Array(KeyView) });

  app.get('/issuers/:id/keys', { schema: { tags, summary: "An issuer's signing keys (public parts only)", params: IdParams, response: { 200: KeyList, ...errorResponses } } }, async (request) => {
    const { issuer, keys } = await listIssuerKeys(deps, { actor: actorOf(request), issuerId: request.params.id });
    return { items: keys.map(keyView(issuer)) };
  });
  app.post('/issuers/:id/keys/rotate', { schema: { tags, summary: 'Make a new key generation active; earlier keys stay published', params: IdParams, response: { 201: KeyList, ...errorResponses } } }, async (request, reply) => {
    const { issuer, keys } = await rotateIssuerKeys(deps, { actor: actorOf(request), issuerId: request.params.id });
    return reply.status(201).send({ items: keys.map(keyView(issuer)) });
  });
  app.post(
    '/issuers/:id/keys/:keyId/retire',
    {
      schema: {
        tags,
        summary: 'Retire a previous key from a date on (OB 2.0 `revoked`)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), keyId: Type.String({ minLength: 1, maxLength: 100 }) }),
        body: Type.Object({ retiredAt: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false }),
        response: { 200: KeyView, ...errorResponses },
      },
    },
    async (request) => {
      const { issuer, key } = await retireIssuerKey(deps, { actor: actorOf(request), issuerId: request.params.id, keyId: request.params.keyId, retiredAt: request.body.retiredAt });
      return keyView(issuer)(key);
    },
  );
};
