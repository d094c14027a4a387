import { randomBytes } from 'node:crypto';
import { requireIssuer, requirePermission } from '../auth/permissions.js';
import type { Deps } from '../deps.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import { FieldChecks } from '../shared/validation.js';
import type { ClaimCode } from './ports.js';

export const MAX_CLAIM_CODE_USES = 100_000;
type ManageDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'urls'>;

export interface CreateClaimCodeInput {
  actor: Actor;
  achievementId: string;
  expiresAt: string;
  maxUses: number;
  verifyEmail?: boolean | undefined;
  label?: string | undefined;
}

/** A new code: 128 random bits, base64url; returned here (with its link) and never again. */
export async function createClaimCode(deps: ManageDeps, input: CreateClaimCodeInput): Promise<{ claimCode: ClaimCode; code: string; url: string }> {
  const { principal } = input.actor;
  const achievement = await deps.store.achievements.findById(principal.orgId, input.achievementId);
  if (!achievement) throw notFound('achievement');
  requirePermission(principal, 'credentials:issue');
  requireIssuer(principal, achievement.issuerId);
  if (achievement.archivedAt) throw new AppError('invalid-state', 'this achievement is archived and cannot be awarded');
  const now = deps.clock.now();
  const checks = new FieldChecks();
  checks.check(Date.parse(input.expiresAt) > now.getTime(), '/expiresAt', 'must be in the future');
  checks.check(Number.isInteger(input.maxUses) && input.maxUses >= 1 && input.maxUses <= MAX_CLAIM_CODE_USES, '/maxUses', `must be a whole number from 1 to ${MAX_CLAIM_CODE_USES}`);
  checks.throwIfAny();
  const code = randomBytes(16).toString('base64url');
  const claimCode: ClaimCode = {
    id: deps.ids.id(), orgId: principal.orgId, achievementId: achievement.id, codeHash: sha256Hex(code), label: input.label?.trim() || null,
    expiresAt: new Date(input.expiresAt).toISOString(), maxUses: input.maxUses, uses: 0, verifyEmail: input.verifyEmail ?? false, withdrawnAt: null,
    createdBy: principal.userId ?? principal.apiKeyId ?? null, createdAt: now.toISOString(),
  };
  await deps.store.transaction(async (tx) => {
    await tx.claimCodes.insert(claimCode);
    await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'claim-code.create', { type: 'claim-code', id: claimCode.id }, { achievementId: achievement.id, maxUses: input.maxUses, expiresAt: claimCode.expiresAt }));
  });
  return { claimCode, code, url: deps.urls.claimCodePage(code) };
}

export async function listClaimCodes(deps: Pick<Deps, 'store'>, input: { actor: Actor; achievementId?: string | undefined }): Promise<ClaimCode[]> {
  requirePermission(input.actor.principal, 'credentials:read');
  const codes = await deps.store.claimCodes.list(input.actor.principal.orgId, input.achievementId);
  const issuerId = input.actor.principal.issuerId;
  if (issuerId === undefined) return codes;
  const mine = new Set((await Promise.all(codes.map((c) => deps.store.achievements.findById(c.orgId, c.achievementId)))).filter((a) => a?.issuerId === issuerId).map((a) => a!.id));
  return codes.filter((c) => mine.has(c.achievementId));
}

/** Withdraw: the code awards nothing more (the awards made stay). */
export async function withdrawClaimCode(deps: Pick<Deps, 'store' | 'clock' | 'ids'>, input: { actor: Actor; id: string }): Promise<ClaimCode> {
  const { principal } = input.actor;
  const found = await deps.store.claimCodes.findById(principal.orgId, input.id);
  if (!found) throw notFound('claim code');
  requirePermission(principal, 'credentials:issue');
  const achievement = await deps.store.achievements.findById(principal.orgId, found.achievementId);
  requireIssuer(principal, achievement?.issuerId ?? null);
  if (found.withdrawnAt) return found;
  const now = deps.clock.now().toISOString();
  await deps.store.transaction(async (tx) => {
    await tx.claimCodes.withdraw(principal.orgId, found.id, now);
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'claim-code.withdraw', { type: 'claim-code', id: found.id }));
  });
  return { ...found, withdrawnAt: now };
}
