import { requireIssuer, requirePermission } from '../auth/permissions.js';
import type { Credential } from '../credentials/ports.js';
import type { IssueDeps } from '../credentials/issue-credential.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import type { RenewalRequest, RenewalStatus } from './ports.js';
import { renewCredential } from './renew-credential.js';

export const MAX_REFUSAL_REASON = 1000;

async function pendingRequest(deps: IssueDeps, actor: Actor, id: string): Promise<RenewalRequest> {
  const { principal } = actor;
  requirePermission(principal, 'credentials:issue');
  const request = await deps.store.renewalRequests.findById(principal.orgId, id);
  if (!request) throw notFound('renewal request');
  const achievement = await deps.store.achievements.findById(principal.orgId, request.achievementId);
  if (!achievement) throw notFound('renewal request');
  requireIssuer(principal, achievement.issuerId);
  if (request.status !== 'pending') throw new AppError('invalid-state', `this renewal request was already ${request.status}`);
  return request;
}

/**
 * The issuer approves a renewal request: it is claimed first (pending → approved, one winner among
 * concurrent approvals), then the renewed credential is issued; should issuing fail, the request is pending
 * again.
 */
export async function approveRenewal(deps: IssueDeps, input: { actor: Actor; requestId: string }): Promise<{ request: RenewalRequest; credential: Credential }> {
  const request = await pendingRequest(deps, input.actor, input.requestId);
  const now = deps.clock.now().toISOString();
  const decidedBy = input.actor.principal.userId ?? input.actor.principal.apiKeyId ?? null;
  const decision = { status: 'approved' as RenewalStatus, reason: null, newCredentialId: null, decidedBy, decidedAt: now };
  if (!(await deps.store.renewalRequests.decide(request.orgId, request.id, decision))) throw new AppError('conflict', 'this renewal request was decided meanwhile');
  let credential: Credential;
  try {
    credential = await renewCredential(deps, { actor: input.actor, request });
  } catch (error) {
    await deps.store.renewalRequests.reopen(request.orgId, request.id);
    throw error;
  }
  await deps.store.renewalRequests.setNewCredential(request.orgId, request.id, credential.id);
  await deps.store.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'renewal.approve', { type: 'renewal-request', id: request.id }, { credentialId: request.credentialId, newCredentialId: credential.id }));
  return { request: { ...request, ...decision, newCredentialId: credential.id }, credential };
}

/** The issuer refuses a renewal request, with a reason the earner sees. */
export async function refuseRenewal(deps: IssueDeps, input: { actor: Actor; requestId: string; reason: string }): Promise<RenewalRequest> {
  const reason = input.reason.trim();
  if (!reason) throw new AppError('validation', 'a refusal needs a reason', { fields: [{ path: '/reason', message: 'must not be blank' }] });
  if (reason.length > MAX_REFUSAL_REASON) throw new AppError('validation', 'the reason is too long', { fields: [{ path: '/reason', message: `must be at most ${MAX_REFUSAL_REASON} characters` }] });
  const request = await pendingRequest(deps, input.actor, input.requestId);
  const decidedBy = input.actor.principal.userId ?? input.actor.principal.apiKeyId ?? null;
  const decision = { status: 'refused' as RenewalStatus, reason, newCredentialId: null, decidedBy, decidedAt: deps.clock.now().toISOString() };
  if (!(await deps.store.renewalRequests.decide(request.orgId, request.id, decision))) throw new AppError('conflict', 'this renewal request was decided meanwhile');
  await deps.store.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'renewal.refuse', { type: 'renewal-request', id: request.id }, { credentialId: request.credentialId }));
  return { ...request, ...decision };
}
