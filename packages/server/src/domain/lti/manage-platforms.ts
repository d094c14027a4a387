import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound, type FieldProblem } from '../shared/errors.js';
import { generateToolKey } from './jwt.js';
import type { LtiDeps } from './lti-deps.js';
import type { LtiPlatform } from './ports.js';

/** What an administrator gives to register a platform: the platform's own identifiers and endpoints. */
export type PlatformFields = Pick<LtiPlatform, 'name' | 'issuer' | 'clientId' | 'deploymentIds' | 'authLoginUrl' | 'jwksUrl' | 'tokenUrl'>;

type Deps = Pick<LtiDeps, 'store' | 'clock' | 'ids' | 'vault'>;

function checkUrl(problems: FieldProblem[], path: string, value: string): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // below
  }
  if (!url || !['https:', 'http:'].includes(url.protocol) || url.username || url.password) problems.push({ path, message: 'must be an http(s) URL without credentials' });
}

/** Registers an LMS: the tool gets a fresh RSA key for it (its private half sealed at rest). */
export async function registerPlatform(deps: Deps, input: { actor: Actor; fields: PlatformFields }): Promise<LtiPlatform> {
  const { principal } = input.actor;
  requirePermission(principal, 'api-keys:manage');
  const f = input.fields;
  const problems: FieldProblem[] = [];
  checkUrl(problems, '/issuer', f.issuer);
  checkUrl(problems, '/authLoginUrl', f.authLoginUrl);
  checkUrl(problems, '/jwksUrl', f.jwksUrl);
  checkUrl(problems, '/tokenUrl', f.tokenUrl);
  if (new Set(f.deploymentIds).size !== f.deploymentIds.length) problems.push({ path: '/deploymentIds', message: 'must not repeat' });
  if (problems.length) throw new AppError('validation', 'the platform registration is not valid', { fields: problems });
  const existing = await deps.store.lti.listPlatforms(principal.orgId);
  if (existing.some((p) => p.issuer === f.issuer && p.clientId === f.clientId)) throw new AppError('conflict', 'this platform (issuer and client id) is already registered');
  const id = deps.ids.id();
  const kid = deps.ids.token(12);
  const key = generateToolKey(kid);
  const platform: LtiPlatform = {
    id, orgId: principal.orgId, name: f.name.trim(), issuer: f.issuer, clientId: f.clientId, deploymentIds: f.deploymentIds,
    authLoginUrl: f.authLoginUrl, jwksUrl: f.jwksUrl, tokenUrl: f.tokenUrl, toolKid: kid, toolPublicJwk: key.publicJwk,
    toolPrivateJwkSealed: deps.vault.seal(key.privateJwkJson, `lti-platform:${id}`), createdAt: deps.clock.now().toISOString(),
  };
  await deps.store.transaction(async (tx) => {
    await tx.lti.insertPlatform(platform);
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'lti.platform.registered', { type: 'lti-platform', id }, { issuer: f.issuer.slice(0, 200) }));
  });
  return platform;
}

export async function listPlatforms(deps: Pick<Deps, 'store'>, input: { actor: Actor }): Promise<LtiPlatform[]> {
  requirePermission(input.actor.principal, 'org:read');
  return deps.store.lti.listPlatforms(input.actor.principal.orgId);
}

export async function getPlatform(deps: Pick<Deps, 'store'>, input: { actor: Actor; id: string }): Promise<LtiPlatform> {
  requirePermission(input.actor.principal, 'org:read');
  const platform = await deps.store.lti.findPlatform(input.actor.principal.orgId, input.id);
  if (!platform) throw notFound('LTI platform');
  return platform;
}

export async function deletePlatform(deps: Deps, input: { actor: Actor; id: string }): Promise<void> {
  requirePermission(input.actor.principal, 'api-keys:manage');
  const orgId = input.actor.principal.orgId;
  const deleted = await deps.store.transaction(async (tx) => {
    if (!(await tx.lti.deletePlatform(orgId, input.id))) return false;
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'lti.platform.deleted', { type: 'lti-platform', id: input.id }));
    return true;
  });
  if (!deleted) throw notFound('LTI platform');
}
