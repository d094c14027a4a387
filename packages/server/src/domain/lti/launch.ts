import { timingSafeEqual, type JsonWebKey } from 'node:crypto';
import { normaliseIdentity } from '@laurel/core';
import { AppError } from '../shared/errors.js';
import { asRecord, asString, CLAIM, DEEP_LINKING_REQUEST, RESOURCE_LINK_REQUEST } from './claims.js';
import { JwtRefused, verifyJwt } from './jwt.js';
import type { LtiDeps, ToolUrls } from './lti-deps.js';
import type { DeepLinkContext, LtiPlatform } from './ports.js';

/** How long a login initiation may take to come back as a launch. */
export const LAUNCH_TTL_SECONDS = 600;
/** Clock skew tolerated on exp and iat. */
const SKEW_SECONDS = 60;
/** An id_token older than this (iat) is refused, whatever its exp. */
const MAX_AGE_SECONDS = 600;

const refuse = (message: string) => new AppError('lti-launch-invalid', message);

export interface LoginInitiation {
  iss: string | undefined;
  loginHint: string | undefined;
  targetLinkUri: string | undefined;
  ltiMessageHint: string | undefined;
  clientId: string | undefined;
  deploymentId: string | undefined;
}

/**
 * OIDC third-party login initiation: a state (which the browser also keeps in a cookie) and a nonce (which
 * the id_token must carry) are stored, and the browser is sent to the platform's authorization endpoint.
 */
export async function initiateLogin(deps: Pick<LtiDeps, 'store' | 'clock' | 'ids'>, urls: ToolUrls, input: { platformId: string; params: LoginInitiation }): Promise<{ state: string; redirectTo: string }> {
  const platform = await deps.store.lti.findPlatformById(input.platformId);
  const p = input.params;
  if (!platform || p.iss !== platform.issuer) throw refuse('no platform is registered at this login URL with this issuer');
  if (p.clientId !== undefined && p.clientId !== platform.clientId) throw refuse('the client_id is not this registration\'s');
  if (p.deploymentId !== undefined && !platform.deploymentIds.includes(p.deploymentId)) throw refuse('the deployment is not registered');
  if (!p.loginHint) throw refuse('login_hint is missing');
  if (p.targetLinkUri !== undefined && !p.targetLinkUri.startsWith(`${urls.base}/`)) throw refuse('target_link_uri is not this tool');
  const state = deps.ids.token(32);
  const nonce = deps.ids.token(24);
  const now = deps.clock.now();
  // Logins used or abandoned long ago are kept no longer than a day (the replay check needs them only until they expire).
  await deps.store.lti.deleteExpiredLaunches(platform.id, new Date(now.getTime() - 86_400_000).toISOString());
  await deps.store.lti.insertLaunch({
    state, orgId: platform.orgId, platformId: platform.id, nonce, expiresAt: new Date(now.getTime() + LAUNCH_TTL_SECONDS * 1000).toISOString(), consumedAt: null, deepLink: null,
  });
  const redirect = new URL(platform.authLoginUrl);
  const query: Record<string, string> = {
    scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none', client_id: platform.clientId,
    redirect_uri: urls.launch, login_hint: p.loginHint, state, nonce,
  };
  if (p.ltiMessageHint) query.lti_message_hint = p.ltiMessageHint;
  for (const [k, v] of Object.entries(query)) redirect.searchParams.set(k, v);
  return { state, redirectTo: redirect.href };
}

export interface ValidatedLaunch {
  platform: LtiPlatform;
  state: string;
  messageType: typeof RESOURCE_LINK_REQUEST | typeof DEEP_LINKING_REQUEST;
  sub: string;
  email: string | null;
  name: string | null;
  roles: string[];
  contextId: string | null;
  custom: Record<string, unknown>;
  lineitemUrl: string | null;
  membershipsUrl: string | null;
  deepLink: DeepLinkContext | null;
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The launch (the platform's form_post to the redirect URL): the state must be the browser's own and
 * unused, the id_token signed by a key of the platform's JWKS, for this tool (aud, azp), of a registered
 * deployment, current (exp, iat), with the nonce of this login, an LTI 1.3.0 message Laurel handles.
 * The login is consumed once: the same id_token posted again is a replay.
 */
export async function completeLaunch(deps: LtiDeps, input: { state: string | undefined; cookieState: string | undefined; idToken: string | undefined }): Promise<ValidatedLaunch> {
  const { state, cookieState, idToken } = input;
  if (!state || !cookieState || !sameSecret(state, cookieState)) throw refuse('the state does not match this browser\'s login');
  if (!idToken) throw refuse('id_token is missing');
  const launch = await deps.store.lti.findLaunch(state);
  const now = deps.clock.now();
  if (!launch || Date.parse(launch.expiresAt) <= now.getTime()) throw refuse('the login has expired or is unknown');
  if (launch.consumedAt) throw refuse('this login was already used (replayed launch)');
  const platform = await deps.store.lti.findPlatformById(launch.platformId);
  if (!platform) throw refuse('the platform is no longer registered');

  const jwks = asRecord(await deps.ltiHttp.getJson(platform.jwksUrl, { accept: 'application/json' }));
  const keys = Array.isArray(jwks.keys) ? (jwks.keys.filter((k) => typeof k === 'object' && k !== null) as JsonWebKey[]) : [];
  let claims: Record<string, unknown>;
  try {
    claims = verifyJwt(idToken, keys);
  } catch (error) {
    if (error instanceof JwtRefused) throw refuse(error.message);
    throw error;
  }

  if (claims.iss !== platform.issuer) throw refuse('the id_token\'s issuer is not the platform\'s');
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(platform.clientId)) throw refuse('the id_token is not for this tool (aud)');
  if ((aud.length > 1 || claims.azp !== undefined) && claims.azp !== platform.clientId) throw refuse('the id_token\'s authorized party (azp) is not this tool');
  const nowS = now.getTime() / 1000;
  if (typeof claims.exp !== 'number' || claims.exp + SKEW_SECONDS <= nowS) throw refuse('the id_token has expired');
  if (typeof claims.iat !== 'number' || claims.iat - SKEW_SECONDS > nowS || claims.iat + MAX_AGE_SECONDS < nowS) throw refuse('the id_token\'s issue time (iat) is not current');
  if (typeof claims.nonce !== 'string' || !sameSecret(claims.nonce, launch.nonce)) throw refuse('the id_token\'s nonce is not this login\'s (replayed id_token)');
  const deploymentId = asString(claims[CLAIM.deploymentId]);
  if (!deploymentId || !platform.deploymentIds.includes(deploymentId)) throw refuse('the deployment is not registered');
  if (claims[CLAIM.version] !== '1.3.0') throw refuse('only LTI 1.3.0 launches are accepted');
  const messageType = claims[CLAIM.messageType];
  if (messageType !== RESOURCE_LINK_REQUEST && messageType !== DEEP_LINKING_REQUEST) throw refuse('unsupported LTI message type');
  const sub = asString(claims.sub);
  if (!sub) throw refuse('the id_token has no subject (anonymous launches are not supported)');

  const context = asRecord(claims[CLAIM.context]);
  let deepLink: DeepLinkContext | null = null;
  if (messageType === DEEP_LINKING_REQUEST) {
    const settings = asRecord(claims[CLAIM.deepLinkingSettings]);
    const returnUrl = asString(settings.deep_link_return_url);
    if (!returnUrl) throw refuse('the deep-linking request has no deep_link_return_url');
    deepLink = { returnUrl, data: asString(settings.data) ?? null, deploymentId, contextId: asString(context.id) ?? null };
  }
  if (!(await deps.store.lti.consumeLaunch(state, now.toISOString(), deepLink))) throw refuse('this login was already used (replayed launch)');

  const email = asString(claims.email);
  return {
    platform, state, messageType, sub,
    email: email ? normaliseIdentity('email', email) : null,
    name: asString(claims.name) ?? null,
    roles: Array.isArray(claims[CLAIM.roles]) ? (claims[CLAIM.roles] as unknown[]).filter((r): r is string => typeof r === 'string') : [],
    contextId: asString(context.id) ?? null,
    custom: asRecord(claims[CLAIM.custom]),
    lineitemUrl: asString(asRecord(claims[CLAIM.agsEndpoint]).lineitem) ?? null,
    membershipsUrl: asString(asRecord(claims[CLAIM.nrps]).context_memberships_url) ?? null,
    deepLink,
  };
}
