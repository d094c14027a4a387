import fastifyRateLimit from '@fastify/rate-limit';
import type { CredentialRef } from '../../../../domain/analytics/ports.js';
import { recordEngagement } from '../../engagement.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { OAuthError } from '../../../../domain/oauth/oauth-error.js';
import { authorizeWallet } from '../../../../domain/oid4vci/authorize-wallet.js';
import { deliverCredential } from '../../../../domain/oid4vci/deliver-credential.js';
import { exchangePreAuthorizedCode } from '../../../../domain/oid4vci/exchange-token.js';
import { authorizationServerMetadata, credentialIssuerMetadata } from '../../../../domain/oid4vci/issuer-metadata.js';
import { issueNonce } from '../../../../domain/oid4vci/issue-nonce.js';
import { resolveOffer } from '../../../../domain/oid4vci/resolve-offer.js';
import { dpopRequestOf } from '../../dpop-request.js';
import type { HttpDeps } from '../../http-deps.js';
import { rateLimitOptions } from '../../rate-limit.js';
import { Id } from '../../schemas/common.js';
import { noStore, oauthErrorHandling } from '../../oauth-errors.js';

const tags = ['wallets (OpenID4VCI)'];
const IssuerParams = Type.Object({ issuerId: Id });
const OfferParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' }) });
const Json = Type.Object({}, { additionalProperties: true });
const OAuthErrorBody = Type.Object({ error: Type.String(), error_description: Type.Optional(Type.String()) });
const errors = { 400: OAuthErrorBody, 401: OAuthErrorBody, 404: OAuthErrorBody, 429: OAuthErrorBody };
/** The largest form or JSON body these endpoints read. */
const BODY_LIMIT = 16 * 1024;

const issuerMetadata = {
  schema: { tags, security: [], summary: 'Credential Issuer Metadata of an issuer (OpenID4VCI 1.0 §12.2)', params: IssuerParams, response: { 200: Json, ...errors } },
};

/**
 * The metadata at the well-known URIs of RFC 8414 §3.1 / OpenID4VCI 1.0 §12.2.2 (the suffix inserted
 * between the host and the identifier's path): each issuer's Credential Issuer Metadata, and the
 * authorization server `<base>/oid4vci`.
 */
export const oid4vciWellKnownRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  oauthErrorHandling(app, { notFound: false });
  app.get('/.well-known/openid-credential-issuer/oid4vci/issuers/:issuerId', issuerMetadata, async (request) => credentialIssuerMetadata(deps, request.params));
  const asMetadata = { schema: { tags, security: [], summary: 'Authorization server metadata (RFC 8414) of the pre-authorized code flow', response: { 200: Json } } };
  app.get('/.well-known/oauth-authorization-server/oid4vci', asMetadata, async () => authorizationServerMetadata(deps));
};

/**
 * OpenID for Verifiable Credential Issuance 1.0, issuer side, pre-authorized code flow: each issuer's
 * Credential Issuer Metadata, the authorization server's metadata and token endpoint, credential offers,
 * the nonce and credential endpoints. Errors are OAuth / OpenID4VCI error responses.
 */
export const oid4vciRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  oauthErrorHandling(app, { notFound: true });
  // RFC 6749 §3.2: the token endpoint takes application/x-www-form-urlencoded (strings only, one value each).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) => {
    const params = new URLSearchParams(body as string);
    const form: Record<string, string> = {};
    for (const [key, value] of params) {
      if (key in form) return done(Object.assign(new Error(`${key} is given twice`), { statusCode: 400 }));
      form[key] = value;
    }
    done(null, form);
  });
  await app.register(fastifyRateLimit, rateLimitOptions(deps));

  // Where wallets of drafts before 1.0 look (the identifier, then the well-known suffix).
  app.get('/issuers/:issuerId/.well-known/openid-credential-issuer', issuerMetadata, async (request) => credentialIssuerMetadata(deps, request.params));

  app.get(
    '/offers/:token',
    { config: { rateLimit: { max: 60, timeWindow: 60_000 } }, schema: { tags, security: [], summary: 'A credential offer (the credential_offer_uri of an offer link)', params: OfferParams, response: { 200: Json, ...errors } } },
    async (request, reply) => noStore(reply).send(await resolveOffer(deps, request.params)),
  );

  app.post(
    '/token',
    {
      bodyLimit: BODY_LIMIT,
      // Per client IP; the real guard of a tx_code is its per-offer cap (MAX_TX_CODE_ATTEMPTS).
      config: { rateLimit: { max: 100, timeWindow: 60_000 } },
      schema: {
        tags,
        security: [],
        summary: 'Token endpoint: exchange a pre-authorized code (and its tx_code) for an access token',
        consumes: ['application/x-www-form-urlencoded'],
        body: Type.Object({ grant_type: Type.Optional(Type.String({ maxLength: 200 })), 'pre-authorized_code': Type.Optional(Type.String({ maxLength: 200 })), tx_code: Type.Optional(Type.String({ maxLength: 50 })) }, { additionalProperties: true }),
        response: { 200: Type.Object({ access_token: Type.String(), token_type: Type.Union([Type.Literal('Bearer'), Type.Literal('DPoP')]), expires_in: Type.Integer() }), ...errors },
      },
    },
    async (request, reply) => {
      if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '')) throw new OAuthError('invalid_request', 'send the token request as application/x-www-form-urlencoded', 415);
      return noStore(reply).send(await exchangePreAuthorizedCode(deps, request.body, dpopRequestOf(request, deps.links.base)));
    },
  );

  app.post(
    '/issuers/:issuerId/nonce',
    // A wallet takes one per credential (an offer of 50 achievements in two formats: 100).
    { config: { rateLimit: { max: 300, timeWindow: 60_000 } }, schema: { tags, security: [], summary: 'Nonce endpoint: a fresh c_nonce (OpenID4VCI 1.0 §7)', params: IssuerParams, response: { 200: Type.Object({ c_nonce: Type.String() }), ...errors } } },
    async (request, reply) => noStore(reply).send(await issueNonce(deps, request.params)),
  );

  app.post(
    '/issuers/:issuerId/credential',
    {
      bodyLimit: BODY_LIMIT,
      config: { oauthBadRequest: 'invalid_credential_request' },
      schema: {
        tags,
        security: [],
        summary: 'Credential endpoint: the credential, bound to the key the wallet proves (OpenID4VCI 1.0 §8)',
        params: IssuerParams,
        body: Json,
        response: { 200: Type.Object({ credentials: Type.Array(Type.Object({ credential: Type.Unknown() })) }), ...errors },
      },
    },
    async (request, reply) => {
      const token = await authorizeWallet(deps, { authorization: request.headers.authorization, issuerId: request.params.issuerId, dpop: dpopRequestOf(request, deps.links.base) });
      const delivered = (credential: CredentialRef) => recordEngagement(deps, request, { credential, metric: 'accepted', dim: 'oid4vci', browser: false });
      return noStore(reply).send(await deliverCredential(deps, { token, request: request.body as Record<string, unknown>, delivered }));
    },
  );
};
