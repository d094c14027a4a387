import { OB_SCOPES, scopeCatalogue } from '../../../../domain/oauth/scopes.js';
import type { HttpDeps } from '../../http-deps.js';

const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Imsx_StatusInfo' } } } });
const errors = {
  '400': error('The request is not valid (Imsx_StatusInfo).'),
  '401': error('No valid access token.'),
  '403': error('The access token lacks the scope, or the request is refused.'),
  '405': error('Method not allowed.'),
  '500': error('Server error.'),
  default: error('The request was invalid or cannot be served.'),
};
const secured = (scope: string) => [{ OAuth2ACG: [scope] }];
const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });

/**
 * The Service Description Document (OB 3.0 §6.3, §B.4): a profiled OpenAPI 3.0 document naming this
 * server's endpoints, its privacy policy and terms, and the OAuth 2.0 authorization code grant with its
 * registration URL, which is where a host or displayer starts (§7.1.1).
 */
export function serviceDescription(deps: HttpDeps): Record<string, unknown> {
  const base = deps.links.base;
  const catalogue = scopeCatalogue(deps.oauth.extensions);
  const scopes = Object.fromEntries(Object.values(OB_SCOPES).map((s) => [s, catalogue.get(s)?.description ?? s]));
  return {
    openapi: '3.0.1',
    info: {
      title: 'Laurel Open Badges API',
      description: 'Open Badges 3.0 API: an earner’s OpenBadgeCredentials and profile, with their consent.',
      version: '3.0',
      termsOfService: deps.obApi.termsOfServiceUrl,
      'x-imssf-privacyPolicyUrl': deps.obApi.privacyPolicyUrl,
      'x-imssf-image': `${base}/favicon.svg`,
    },
    servers: [{ url: `${base}/ims/ob/v3p0`, description: 'Open Badges 3.0 API' }],
    tags: [
      { name: 'OpenBadgeCredentials', description: 'Exchange OpenBadgeCredentials and Profile information.' },
      { name: 'Discovery', description: 'The Service Description Document.' },
    ],
    paths: {
      '/credentials': {
        get: {
          tags: ['OpenBadgeCredentials'],
          operationId: 'getCredentials',
          summary: 'The earner’s OpenBadgeCredentials, oldest first; X-Total-Count and Link headers page them.',
          parameters: [
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100 } },
            { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0 } },
            { name: 'since', in: 'query', required: false, schema: { type: 'string', format: 'date-time' } },
          ],
          security: secured(OB_SCOPES.credentialRead),
          responses: { '200': { description: 'The page of credentials.', content: json('GetOpenBadgeCredentialsResponse') }, ...errors },
        },
        post: {
          tags: ['OpenBadgeCredentials'],
          operationId: 'upsertCredential',
          summary: 'Add (201) or replace (200) a credential in the earner’s backpack; it must verify.',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/AchievementCredential' } }, 'text/plain': { schema: { $ref: '#/components/schemas/CompactJws' } } },
          },
          security: secured(OB_SCOPES.credentialUpsert),
          responses: {
            '200': { description: 'Replaced.', content: { 'application/json': { schema: { $ref: '#/components/schemas/AchievementCredential' } }, 'text/plain': { schema: { $ref: '#/components/schemas/CompactJws' } } } },
            '201': { description: 'Created.', content: { 'application/json': { schema: { $ref: '#/components/schemas/AchievementCredential' } }, 'text/plain': { schema: { $ref: '#/components/schemas/CompactJws' } } } },
            '404': error('Not found.'),
            ...errors,
          },
        },
      },
      '/profile': {
        get: { tags: ['OpenBadgeCredentials'], operationId: 'getProfile', security: secured(OB_SCOPES.profileRead), responses: { '200': { description: 'The earner’s profile.', content: json('Profile') }, '404': error('Not found.'), ...errors } },
        put: {
          tags: ['OpenBadgeCredentials'],
          operationId: 'putProfile',
          description: 'The whole Profile; Laurel keeps `name` and `description`.',
          requestBody: { required: true, content: json('Profile') },
          security: secured(OB_SCOPES.profileUpdate),
          responses: { '200': { description: 'The profile as it now is.', content: json('Profile') }, '404': error('Not found.'), ...errors },
        },
      },
      '/discovery': {
        get: { tags: ['Discovery'], operationId: 'getServiceDescription', responses: { '200': { description: 'This document.', content: json('ServiceDescriptionDocument') }, default: errors.default } },
      },
    },
    components: {
      securitySchemes: {
        OAuth2ACG: {
          type: 'oauth2',
          description: 'OAuth 2.0 Authorization Code Grant authorization (PKCE with S256 required)',
          'x-imssf-name': 'Laurel',
          'x-imssf-privacyPolicyUrl': deps.obApi.privacyPolicyUrl,
          'x-imssf-registrationUrl': `${base}/oauth/register`,
          'x-imssf-termsOfServiceUrl': deps.obApi.termsOfServiceUrl,
          flows: { authorizationCode: { tokenUrl: `${base}/oauth/token`, authorizationUrl: `${base}/oauth/authorize`, refreshUrl: `${base}/oauth/token`, scopes } },
        },
      },
      schemas: {
        GetOpenBadgeCredentialsResponse: {
          type: 'object',
          properties: {
            credential: { type: 'array', items: { $ref: '#/components/schemas/AchievementCredential' } },
            compactJwsString: { type: 'array', items: { $ref: '#/components/schemas/CompactJws' } },
          },
        },
        AchievementCredential: { type: 'object', description: 'An OpenBadgeCredential (https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json)', additionalProperties: true },
        CompactJws: { type: 'string', pattern: '^[-A-Za-z0-9_=]+\\.[-A-Za-z0-9_=]+\\.[-A-Za-z0-9_=]+$' },
        Profile: { type: 'object', required: ['id', 'type'], properties: { id: { type: 'string' }, type: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' }, description: { type: 'string' }, url: { type: 'string' } }, additionalProperties: true },
        ServiceDescriptionDocument: { type: 'object', required: ['openapi', 'info', 'components'], additionalProperties: true },
        Imsx_StatusInfo: {
          type: 'object',
          required: ['imsx_codeMajor', 'imsx_severity'],
          properties: {
            imsx_codeMajor: { type: 'string', enum: ['failure', 'processing', 'success', 'unsupported'] },
            imsx_severity: { type: 'string', enum: ['error', 'status', 'warning'] },
            imsx_description: { type: 'string' },
            imsx_codeMinor: {
              type: 'object',
              properties: { imsx_codeMinorField: { type: 'array', items: { type: 'object', properties: { imsx_codeMinorFieldName: { type: 'string' }, imsx_codeMinorFieldValue: { type: 'string' } } } } },
            },
          },
        },
      },
    },
  };
}
