import { Type } from 'typebox';
import { DateTime } from '../../schemas/common.js';

const Url = Type.String({ minLength: 1, maxLength: 2048, pattern: '^https?://' });

export const PlatformBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    issuer: Url,
    clientId: Type.String({ minLength: 1, maxLength: 255 }),
    deploymentIds: Type.Array(Type.String({ minLength: 1, maxLength: 255 }), { minItems: 1, maxItems: 50 }),
    authLoginUrl: Url,
    jwksUrl: Url,
    tokenUrl: Url,
  },
  { additionalProperties: false },
);

export const ToolConfiguration = Type.Object({
  loginInitiationUrl: Type.String({ description: 'OpenID Connect login initiation URL' }),
  redirectUrls: Type.Array(Type.String(), { description: 'Launch / redirection URIs' }),
  targetLinkUri: Type.String(),
  jwksUrl: Type.String({ description: 'The tool\'s public keyset URL' }),
  publicJwk: Type.Record(Type.String(), Type.Unknown(), { description: 'The tool\'s public key (RSA, for platforms that take a key rather than a URL)' }),
  deepLinkingUrl: Type.String(),
  scopes: Type.Array(Type.String()),
});

export const PlatformView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    issuer: Type.String(),
    clientId: Type.String(),
    deploymentIds: Type.Array(Type.String()),
    authLoginUrl: Type.String(),
    jwksUrl: Type.String(),
    tokenUrl: Type.String(),
    createdAt: DateTime,
    tool: ToolConfiguration,
  },
  { $id: 'LtiPlatform' },
);

/** The platform's form_post of the login initiation and of the launch (strings only). */
export const Form = Type.Record(Type.String(), Type.String());
