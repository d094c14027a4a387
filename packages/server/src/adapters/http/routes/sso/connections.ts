import { Type, type Static } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ROLES } from '../../../../domain/auth/permissions.js';
import { createSsoConnection, listSsoConnections, removeSsoConnection, updateSsoConnection } from '../../../../domain/sso/manage-sso-connections.js';
import { rotateSpSigningKey, type SpKeyStep } from '../../../../domain/sso/rotate-sp-signing-key.js';
import { actorOf } from '../../auth.js';
import type { HttpDeps } from '../../http-deps.js';
import { DateTime, IdParams, Nullable, StringEnum, errorResponses } from '../../schemas/common.js';

const tags = ['organisation'];
const Role = StringEnum(ROLES);
const RoleRule = Type.Object(
  { value: Type.String({ minLength: 1, maxLength: 200, description: 'A value of the role claim, e.g. a group name' }), role: Role },
  { additionalProperties: false },
);

const Common = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  slug: Type.String({ minLength: 1, maxLength: 64, description: 'What people type on the sign-in page ("Sign in with your organisation")' }),
  domains: Type.Array(Type.String({ minLength: 1, maxLength: 253 }), { maxItems: 50, description: 'E-mail domains this provider answers for' }),
  roleClaim: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The claim or attribute the role rules look at (default `groups`)' })),
  roleMapping: Type.Optional(Type.Array(RoleRule, { maxItems: 50 })),
  defaultRole: Type.Optional(Nullable(Role)),
  trustIdpMfa: Type.Optional(Type.Boolean({ description: "Count the provider's sign-in as two factors (it enforces MFA itself)" })),
  enabled: Type.Optional(Type.Boolean()),
};

const OidcBody = Type.Object(
  {
    issuer: Type.String({ minLength: 1, maxLength: 2048 }),
    clientId: Type.String({ minLength: 1, maxLength: 500 }),
    clientSecret: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'Sealed at rest; never shown again (omit on update to keep it)' })),
  },
  { additionalProperties: false },
);
const SamlBody = Type.Object(
  {
    idpEntityId: Type.String({ minLength: 1, maxLength: 1024 }),
    ssoUrl: Type.String({ minLength: 1, maxLength: 2048 }),
    idpCertificate: Type.String({ minLength: 1, maxLength: 20000 }),
    emailAttribute: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    signAuthnRequests: Type.Optional(Type.Boolean({ description: 'Sign AuthnRequests (RSA-SHA256, HTTP-Redirect binding); the SP certificate is in the SP metadata' })),
    sloUrl: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, description: "The IdP's Single Logout Service URL (HTTP-Redirect): signing out of Laurel sends a signed LogoutRequest there (needs signAuthnRequests)" })),
  },
  { additionalProperties: false },
);

const ConnectionBody = Type.Object(
  { protocol: StringEnum(['oidc', 'saml'] as const), ...Common, oidc: Type.Optional(OidcBody), saml: Type.Optional(SamlBody) },
  { additionalProperties: false },
);

export const SsoConnectionView = Type.Object({
  id: Type.String(),
  protocol: StringEnum(['oidc', 'saml'] as const),
  name: Type.String(),
  slug: Type.String(),
  domains: Type.Array(Type.String()),
  oidc: Type.Optional(Type.Object({ issuer: Type.String(), clientId: Type.String() })),
  saml: Type.Optional(Type.Object({ idpEntityId: Type.String(), ssoUrl: Type.String(), idpCertificate: Type.String(), emailAttribute: Type.Optional(Type.String()), signAuthnRequests: Type.Optional(Type.Boolean()), sloUrl: Type.Optional(Type.String()) })),
  hasClientSecret: Type.Boolean(),
  roleClaim: Type.String(),
  roleMapping: Type.Array(RoleRule),
  defaultRole: Nullable(Role),
  trustIdpMfa: Type.Boolean(),
  enabled: Type.Boolean(),
  /** What to give the provider. */
  serviceProvider: Type.Object({
    redirectUri: Type.Optional(Type.String({ description: 'OIDC: the redirect URI to register at the provider' })),
    entityId: Type.Optional(Type.String({ description: 'SAML: the SP entity id (also its metadata URL)' })),
    acsUrl: Type.Optional(Type.String({ description: 'SAML: the Assertion Consumer Service URL (HTTP-POST)' })),
    sloUrl: Type.Optional(Type.String({ description: 'SAML: the Single Logout Service URL (HTTP-POST; signed LogoutRequests only)' })),
    signingCertificate: Type.Optional(Type.String({ description: "SAML: the SP's AuthnRequest signing certificate (PEM), when it signs them" })),
    backchannelLogoutUri: Type.Optional(Type.String({ description: 'OIDC: the back-channel logout URI to register at the provider (OpenID Connect Back-Channel Logout 1.0; ask for `sid` in ID tokens)' })),
    nextSigningCertificate: Type.Optional(Type.String({ description: 'SAML key rotation: the next SP certificate, published before it signs' })),
    previousSigningCertificate: Type.Optional(Type.String({ description: 'SAML key rotation: the SP certificate signing stopped with, published until retired' })),
  }),
  createdAt: DateTime,
  updatedAt: DateTime,
});

type Body = Static<typeof ConnectionBody>;

export const ssoConnectionRoutes: FastifyPluginAsyncTypebox<{ deps: HttpDeps }> = async (app, { deps }) => {
  const show = <T extends { id: string; protocol: 'oidc' | 'saml'; spCertificate: string | null; spNextCertificate?: string | null | undefined; spPreviousCertificate?: string | null | undefined }>(c: T) => ({
    ...c,
    serviceProvider:
      c.protocol === 'oidc'
        ? { redirectUri: deps.sso.urls.oidcCallback(), backchannelLogoutUri: deps.sso.urls.oidcBackchannelLogout(c.id) }
        : {
            entityId: deps.sso.urls.samlEntityId(c.id),
            acsUrl: deps.sso.urls.samlAcs(c.id),
            sloUrl: deps.sso.urls.samlSlo(c.id),
            ...(c.spCertificate ? { signingCertificate: c.spCertificate } : {}),
            ...(c.spNextCertificate ? { nextSigningCertificate: c.spNextCertificate } : {}),
            ...(c.spPreviousCertificate ? { previousSigningCertificate: c.spPreviousCertificate } : {}),
          },
  });
  const input = (body: Body) => ({ ...body, domains: body.domains });

  app.get(
    '/organisation/sso-connections',
    { schema: { tags, summary: "The organisation's identity providers (single sign-on; admins)", response: { 200: Type.Object({ items: Type.Array(SsoConnectionView) }), ...errorResponses } } },
    async (request) => ({ items: (await listSsoConnections(deps, { actor: actorOf(request) })).map(show) }),
  );
  app.post(
    '/organisation/sso-connections',
    { schema: { tags, summary: 'Add an identity provider (OpenID Connect or SAML 2.0; admins, with a recent factor)', body: ConnectionBody, response: { 201: SsoConnectionView, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(show(await createSsoConnection(deps, { actor: actorOf(request), connection: input(request.body) }))),
  );
  app.put(
    '/organisation/sso-connections/:id',
    { schema: { tags, summary: 'Change an identity provider (the client secret is kept unless given)', params: IdParams, body: ConnectionBody, response: { 200: SsoConnectionView, ...errorResponses } } },
    async (request) => show(await updateSsoConnection(deps, { actor: actorOf(request), id: request.params.id, connection: input(request.body) })),
  );
  app.delete(
    '/organisation/sso-connections/:id',
    { schema: { tags, summary: 'Remove an identity provider (its linked sign-ins go with it; accounts and memberships stay)', params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await removeSsoConnection(deps, { actor: actorOf(request), id: request.params.id });
      return reply.status(204).send(null);
    },
  );

  const steps: [SpKeyStep, string, string][] = [
    ['prepare', 'Make the next SP signing key of a SAML connection (published in the metadata beside the current one; not signing yet)', 'prepare'],
    ['switch', 'Sign with the next SP key from now on (the old certificate stays published as the previous one)', 'switch'],
    ['retire', 'Stop publishing the previous SP certificate', 'retire'],
  ];
  for (const [step, summary, path] of steps) {
    app.post(
      `/organisation/sso-connections/:id/sp-key/${path}`,
      { schema: { tags, summary, description: 'Admins, with a factor proven in the last minutes (like other key operations); audited as `sso-connection.sp-key-' + step + '`.', params: IdParams, response: { 200: SsoConnectionView, ...errorResponses } } },
      async (request) => show(await rotateSpSigningKey(deps, { actor: actorOf(request), id: request.params.id, step })),
    );
  }
};
