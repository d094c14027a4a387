import { permissionsOf, type Principal } from '../auth/permissions.js';
import { SYSTEM_ACTOR } from '../credential-history/history-event.js';
import { issueCredential, type IssueDeps } from '../credentials/issue-credential.js';
import type { Deps } from '../deps.js';
import { AppError, notFound } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import type { JobHandler } from '../shared/job-handler.js';
import { payloadString } from '../shared/job-handler.js';
import { FieldChecks, isEmail } from '../shared/validation.js';
import type { ClaimCode } from './ports.js';

export const CLAIM_CONFIRM_JOB = 'claim-code.confirm';
/** A confirmation link lasts a day (and never past the code's own expiry, checked again on use). */
const CONFIRM_TTL_MS = 24 * 3600_000;

type ClaimDeps = IssueDeps & Pick<Deps, 'urls'>;

export type ClaimOutcome = { status: 'awarded'; credentialId: string; url: string } | { status: 'confirm-email' };

class Refused extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

/** The code as the public sees it: forged → not found; withdrawn, expired, used up → their own problems. */
export async function findLiveCode(deps: Pick<Deps, 'store' | 'clock'>, code: string): Promise<ClaimCode> {
  const found = code.length <= 100 ? await deps.store.claimCodes.findByHash(sha256Hex(code)) : undefined;
  if (!found) throw notFound('claim code');
  refuseIfDead(found, deps.clock.now());
  return found;
}

function refuseIfDead(code: ClaimCode, now: Date): void {
  if (code.withdrawnAt) throw new AppError('claim-code-withdrawn', 'this claim code was withdrawn');
  if (Date.parse(code.expiresAt) <= now.getTime()) throw new AppError('claim-code-expired', 'this claim code has expired');
  if (code.uses >= code.maxUses) throw new AppError('claim-code-used-up', 'this claim code has been used as many times as allowed');
}

function checkClaimer(input: { email: string; name?: string | undefined }): { email: string; name: string | undefined } {
  const email = input.email.trim().toLowerCase();
  const name = input.name?.trim() || undefined;
  new FieldChecks().check(isEmail(email), '/email', 'must be an email address').check(!name || name.length <= 200, '/name', 'at most 200 characters').throwIfAny();
  return { email, name };
}

/**
 * A person claims with a code: awarded at once, or (when the code asks for it) a confirmation link is
 * mailed and the award waits for it. One award per e-mail per code.
 */
export async function claimWithCode(deps: ClaimDeps, input: { code: string; email: string; name?: string | undefined; locale?: string | undefined }): Promise<ClaimOutcome> {
  const code = await findLiveCode(deps, input.code);
  const claimer = checkClaimer(input);
  if (await deps.store.claimCodes.redeemed(code.id, claimer.email)) throw new AppError('conflict', 'this e-mail address has already claimed with this code');
  if (!code.verifyEmail) return award(deps, code, claimer);
  await deps.store.jobs.enqueue({ name: CLAIM_CONFIRM_JOB, orgId: code.orgId, payload: { orgId: code.orgId, claimCodeId: code.id, email: claimer.email, name: claimer.name ?? null, locale: input.locale === 'fr' ? 'fr' : 'en' } });
  return { status: 'confirm-email' };
}

/** The mailed link, used: the award is made (the code must still be live; the link works once). */
export async function confirmClaim(deps: ClaimDeps, input: { token: string }): Promise<ClaimOutcome> {
  const confirmation = input.token.length <= 100 ? await deps.store.claimCodes.takeConfirmation(sha256Hex(input.token)) : undefined;
  if (!confirmation || Date.parse(confirmation.expiresAt) <= deps.clock.now().getTime()) throw notFound('confirmation link');
  const code = await deps.store.claimCodes.findById(confirmation.orgId, confirmation.claimCodeId);
  if (!code) throw notFound('claim code');
  refuseIfDead(code, deps.clock.now());
  return award(deps, code, { email: confirmation.email, name: confirmation.name ?? undefined });
}

/** The code's principal: it may issue its own achievement's credentials, nothing more. */
function codePrincipal(code: ClaimCode, issuerId: string): Principal {
  return { kind: 'api-key', orgId: code.orgId, role: 'issuer', permissions: permissionsOf('issuer', ['credentials:issue']), issuerId };
}

/**
 * In the credential's transaction: take one use (a conditional update, so the cap holds however many
 * claim at once) and record the redemption (unique per code and e-mail); either refusal rolls it all back.
 */
async function award(deps: ClaimDeps, code: ClaimCode, claimer: { email: string; name: string | undefined }): Promise<ClaimOutcome> {
  const achievement = await deps.store.achievements.findById(code.orgId, code.achievementId);
  if (!achievement) throw notFound('claim code');
  try {
    const { credential } = await issueCredential(deps, {
      actor: { principal: codePrincipal(code, achievement.issuerId), requestId: `claim-code:${code.id}` },
      data: { achievementId: code.achievementId, recipient: { email: claimer.email, name: claimer.name } },
      historyActor: SYSTEM_ACTOR,
      alsoInTransaction: async (tx, credential) => {
        const now = deps.clock.now().toISOString();
        if (!(await tx.claimCodes.takeUse(code.orgId, code.id, now))) {
          throw new Refused(new AppError('claim-code-used-up', 'this claim code has been used as many times as allowed'));
        }
        const inserted = await tx.claimCodes.insertRedemption({ id: deps.ids.id(), orgId: code.orgId, claimCodeId: code.id, email: claimer.email, credentialId: credential.id, createdAt: now });
        if (!inserted) throw new Refused(new AppError('conflict', 'this e-mail address has already claimed with this code'));
      },
    });
    return { status: 'awarded', credentialId: credential.id, url: deps.urls.publicCredentialPage(credential.id) };
  } catch (error) {
    if (error instanceof Refused) throw error.error;
    throw error;
  }
}

/**
 * Job: make a single-use token (only its hash is stored, never in the queue) and mail the confirmation
 * link to the address the claimer gave (only ever that one).
 */
export function claimConfirmJob(deps: Pick<Deps, 'store' | 'mailer' | 'clock' | 'ids' | 'urls'>): JobHandler {
  return {
    name: CLAIM_CONFIRM_JOB,
    version: 1,
    async handle(payload) {
      const code = await deps.store.claimCodes.findById(payloadString(payload, 'orgId'), payloadString(payload, 'claimCodeId'));
      if (!code) return { sent: false, reason: 'code gone' };
      const email = payloadString(payload, 'email');
      const token = deps.ids.token(32);
      const now = deps.clock.now();
      await deps.store.claimCodes.insertConfirmation({
        id: deps.ids.id(), orgId: code.orgId, claimCodeId: code.id, tokenHash: sha256Hex(token), email, name: typeof payload.name === 'string' ? payload.name : null,
        expiresAt: new Date(Math.min(now.getTime() + CONFIRM_TTL_MS, Date.parse(code.expiresAt))).toISOString(), createdAt: now.toISOString(),
      });
      const achievement = await deps.store.achievements.findById(code.orgId, code.achievementId);
      const fr = payload.locale === 'fr';
      const name = achievement?.name ?? '';
      const link = deps.urls.claimCodeConfirm(token);
      const [intro, outro] = fr
        ? [`Pour recevoir le badge « ${name} », ouvrez ce lien dans les 24 heures :`, "Si vous n'avez rien demandé, ignorez ce message."]
        : [`To receive the badge "${name}", open this link within 24 hours:`, 'If you did not ask for it, ignore this message.'];
      const escape = (v: string) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
      await deps.mailer.send({
        to: email,
        subject: fr ? `Confirmez votre adresse pour recevoir « ${name} »` : `Confirm your address to receive "${name}"`,
        text: `${intro}\n\n${link}\n\n${outro}`,
        html: `<p>${escape(intro)}</p><p><a href="${escape(link)}">${escape(link)}</a></p><p>${escape(outro)}</p>`,
      });
      return { sent: true };
    },
  };
}
