import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import { asRecord, asString, SCOPES } from './claims.js';
import { generateToolKey } from './jwt.js';
import type { LtiDeps, ToolUrls } from './lti-deps.js';
import type { LtiPlatform } from './ports.js';

/** How long a dynamic registration link may wait for the LMS administrator. */
export const REGISTRATION_LINK_TTL_SECONDS = 86_400;
const TOOL_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
const PLATFORM_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-platform-configuration';

/** An administrator's single-use link to give the LMS (its "tool registration URL"). */
export async function createRegistrationLink(deps: Pick<LtiDeps, 'store' | 'clock' | 'ids'>, input: { actor: Actor }): Promise<{ token: string; expiresAt: string }> {
  requirePermission(input.actor.principal, 'api-keys:manage');
  const token = deps.ids.token(32);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + REGISTRATION_LINK_TTL_SECONDS * 1000).toISOString();
  await deps.store.transaction(async (tx) => {
    await tx.lti.insertRegistrationLink({ tokenHash: sha256Hex(token), orgId: input.actor.principal.orgId, expiresAt });
    await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'lti.registration-link.created', { type: 'lti-registration-link', id: sha256Hex(token).slice(0, 16) }));
  });
  return { token, expiresAt };
}

const refuse = (message: string) => new AppError('lti-launch-invalid', message);

/**
 * LTI Dynamic Registration 1.0: the LMS opens the link with its `openid_configuration` URL (and a
 * `registration_token`); Laurel reads the platform's configuration, registers itself at the platform's
 * registration endpoint (its login, launch and JWKS URLs, the AGS/NRPS scopes) and stores the platform with
 * the client id and deployment id the platform gave. The link is used once.
 */
export async function registerDynamically(
  deps: Pick<LtiDeps, 'store' | 'clock' | 'ids' | 'vault' | 'ltiHttp'>,
  urls: ToolUrls,
  input: { token: string; openidConfiguration: string | undefined; registrationToken: string | undefined },
): Promise<LtiPlatform> {
  if (!input.openidConfiguration) throw refuse('openid_configuration is missing');
  const now = deps.clock.now();
  const orgId = await deps.store.lti.useRegistrationLink(sha256Hex(input.token), now.toISOString());
  if (!orgId) throw refuse('this registration link is unknown, expired or already used');
  const config = asRecord(await deps.ltiHttp.getJson(input.openidConfiguration, { accept: 'application/json' }));
  const issuer = asString(config.issuer);
  const endpoints = { auth: asString(config.authorization_endpoint), token: asString(config.token_endpoint), jwks: asString(config.jwks_uri), registration: asString(config.registration_endpoint) };
  if (!issuer || !endpoints.auth || !endpoints.token || !endpoints.jwks || !endpoints.registration) throw refuse('the platform configuration lacks its issuer or endpoints');
  // The configuration must come from the issuer it names (LTI Dynamic Registration §3.5.1).
  if (new URL(input.openidConfiguration).origin !== new URL(issuer).origin) throw refuse('the platform configuration is not served by its issuer');

  const id = deps.ids.id();
  const kid = deps.ids.token(12);
  const key = generateToolKey(kid);
  const product = asString(asRecord(config[PLATFORM_CONFIGURATION]).product_family_code);
  const answer = asRecord(await deps.ltiHttp.postJson(endpoints.registration, {
    application_type: 'web', response_types: ['id_token'], grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: urls.login(id), redirect_uris: [urls.launch], client_name: 'Laurel badges', jwks_uri: urls.jwks(id),
    token_endpoint_auth_method: 'private_key_jwt', scope: `${SCOPES.results} ${SCOPES.memberships}`,
    [TOOL_CONFIGURATION]: {
      domain: new URL(urls.base).host, target_link_uri: urls.launch, claims: ['iss', 'sub', 'name', 'email'],
      messages: [{ type: 'LtiDeepLinkingRequest', target_link_uri: urls.launch, label: 'Laurel badge' }, { type: 'LtiResourceLinkRequest', target_link_uri: urls.launch }],
    },
  }, input.registrationToken ? { authorization: `Bearer ${input.registrationToken}` } : {}));
  const clientId = asString(answer.client_id);
  const deploymentId = asString(asRecord(answer[TOOL_CONFIGURATION]).deployment_id);
  if (!clientId || !deploymentId) throw new AppError('lti-platform-unreachable', 'the platform\'s registration answer lacks the client id or the deployment id');

  const platform: LtiPlatform = {
    id, orgId, name: (product ? `${product} ` : '') + new URL(issuer).host, issuer, clientId, deploymentIds: [deploymentId],
    authLoginUrl: endpoints.auth, jwksUrl: endpoints.jwks, tokenUrl: endpoints.token, toolKid: kid, toolPublicJwk: key.publicJwk,
    toolPrivateJwkSealed: deps.vault.seal(key.privateJwkJson, `lti-platform:${id}`), createdAt: now.toISOString(),
  };
  await deps.store.transaction(async (tx) => {
    await tx.lti.insertPlatform(platform);
    await tx.audit.record({
      id: deps.ids.id(), orgId, actorType: 'system', actorId: null, action: 'lti.platform.registered', targetType: 'lti-platform', targetId: id,
      ip: null, requestId: null, details: { issuer: issuer.slice(0, 200), dynamic: true }, createdAt: now.toISOString(),
    });
  });
  return platform;
}
