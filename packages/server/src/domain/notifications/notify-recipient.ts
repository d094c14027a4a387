import type { Deps } from '../deps.js';
import { effectiveStatus } from '../credentials/effective-status.js';
import { sha256Hex } from '../shared/hash.js';
import type { JobContext, JobHandler } from '../shared/job-handler.js';
import { jobCredential } from '../credentials/job-credential.js';
import { payloadString } from '../shared/job-handler.js';
import { linkedInAddToProfileUrl } from '../public-pages/share-links.js';
import { createViewToken } from '../public-pages/view-token.js';
import { SYSTEM_ACTOR, historyEvent } from '../credential-history/history-event.js';
import { hasIssuerLogo } from '../public-pages/issuer-logo.js';
import type { Credential } from '../credentials/ports.js';
import type { Achievement } from '../achievements/ports.js';
import type { Issuer } from '../issuers/ports.js';
import type { Organisation } from '../organisations/ports.js';
import type { Mailer } from './ports.js';

export const CLAIM_TOKEN_TTL_DAYS = 30;
/** The unsubscribe-only token of an award e-mail: long-lived, since people unsubscribe from old mail. */
export const UNSUBSCRIBE_TOKEN_TTL_DAYS = 365;

export type NotifyDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'urls' | 'mailer' | 'emailRenderer' | 'vault'>;

/**
 * Job `credential.issued`: e-mail the recipient their award with a single-use claim link, and a separate
 * unsubscribe-only token for the List-Unsubscribe header and footer link (mail providers act on that header,
 * so it must not be able to do anything else).
 * Idempotent per job: a notification already sent for this job is not sent again.
 */
export async function notifyRecipient(
  deps: NotifyDeps,
  input: { credentialId: string; jobId: string; attempt?: number | undefined; context?: JobContext | undefined },
): Promise<{ sent: boolean; reason?: string }> {
  // Within a job, the row its webhook and pathway wrappers already read (once per run of the job).
  const credential = input.context ? await jobCredential(deps.store, input.context, input.credentialId) : await deps.store.credentials.findPublic(input.credentialId);
  if (!credential) return { sent: false, reason: 'credential no longer exists' };
  const r = await emailAward(deps, credential, { key: input.jobId, attempt: input.attempt, mailer: deps.mailer, about: awardAbout(deps) });
  // The job retries a failed send.
  if (r.failure) throw r.failure.error;
  return { sent: r.sent, ...(r.reason ? { reason: r.reason } : {}) };
}

/** What an award e-mail names besides the credential, read once per job (a batch's awards mostly share them). */
export type AwardAbout = (credential: Credential) => Promise<{ achievement: Achievement; issuer: Issuer; org: Organisation } | undefined>;

export function awardAbout(deps: Pick<NotifyDeps, 'store'>): AwardAbout {
  const read = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    let found = read.get(key) as Promise<T> | undefined;
    if (!found) read.set(key, (found = load()));
    return found;
  };
  return async (credential) => {
    const [achievement, issuer, org] = await Promise.all([
      once(`a:${credential.achievementId}`, () => deps.store.achievements.findPublic(credential.achievementId)),
      once(`i:${credential.issuerId}`, () => deps.store.issuers.findPublic(credential.issuerId)),
      once(`o:${credential.orgId}`, () => deps.store.organisations.findById(credential.orgId)),
    ]);
    return achievement && issuer && org ? { achievement, issuer, org } : undefined;
  };
}

/**
 * The award e-mail of one credential, once per `key` (its claim token's job id; the Message-ID is made of it): a
 * key whose e-mail was sent is not sent again, so a retried job re-sends nothing it recorded as sent. Each sent
 * e-mail is recorded (`markSent`, history `email.sent`) right after the mail server took it; a failed send is
 * recorded (`email.failed`) and returned as `failure` (the caller's job retries it). Anything else throws.
 */
export async function emailAward(
  deps: NotifyDeps,
  credential: Credential,
  o: {
    key: string;
    attempt?: number | undefined;
    mailer: Pick<Mailer, 'send'>;
    about: AwardAbout;
    /** Whether the recipient opted out (a batch reads its recipients' at once); default: asked here. */
    optedOut?: ((credential: Credential) => boolean) | undefined;
  },
): Promise<{ sent: boolean; reason?: string; failure?: { error: unknown } }> {
  if (credential.recipient.type !== 'email') return { sent: false, reason: 'the recipient is not an e-mail address' };
  if (effectiveStatus(credential, deps.clock.now()) === 'revoked') return { sent: false, reason: 'the credential was revoked' };
  const existing = await deps.store.claims.findByJob(o.key);
  if (existing?.sentAt) return { sent: false, reason: 'already sent' };
  if (o.optedOut ? o.optedOut(credential) : await deps.store.optOuts.has(credential.orgId, credential.recipient.identity)) {
    await deps.store.credentialEvents.record(historyEvent(deps.ids, deps.clock.now(), SYSTEM_ACTOR, credential, 'email.skipped', { reason: 'opted-out' }), credential);
    return { sent: false, reason: 'the recipient opted out' };
  }

  const about = await o.about(credential);
  if (!about) return { sent: false, reason: 'the achievement or issuer no longer exists' };
  const { achievement, issuer, org } = about;

  // Only the token's hash is stored, so an unsent token from a crashed attempt is replaced (a first attempt has none).
  if (existing) await deps.store.claims.removeUnsentForJob(o.key);
  const token = deps.ids.token(32);
  const now = deps.clock.now();
  const claim = {
    id: sha256Hex(token),
    orgId: credential.orgId,
    credentialId: credential.id,
    email: credential.recipient.identity,
    jobId: o.key,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + CLAIM_TOKEN_TTL_DAYS * 86_400_000).toISOString(),
    sentAt: null,
    usedAt: null,
    usedBy: null,
  };
  await deps.store.claims.insert(claim);
  const unsubscribeToken = deps.ids.token(32);
  await deps.store.unsubscribeTokens.insert({
    id: sha256Hex(unsubscribeToken),
    orgId: credential.orgId,
    email: credential.recipient.identity,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + UNSUBSCRIBE_TOKEN_TTL_DAYS * 86_400_000).toISOString(),
  });
  const pageUrl = deps.urls.publicCredentialPage(credential.id);
  // A private credential's page is 404 for strangers: the recipient's link carries a view token (read-only,
  // for this credential), and there is no LinkedIn link (LinkedIn's viewers could not open it).
  const isPublic = credential.visibility === 'public';
  const credentialUrl = isPublic ? pageUrl : `${pageUrl}?view=${encodeURIComponent(createViewToken(deps, credential.id))}`;
  const fill = (template: string | null) =>
    template === null ? null : template.replace(/\{(achievement|issuer|recipient)\}/g, (_, key: string) => (key === 'achievement' ? achievement.name : key === 'issuer' ? issuer.name : (credential.recipient.name ?? '')));
  const message = deps.emailRenderer.award({
    locale: org.settings.locale,
    organisationName: org.name,
    issuerName: issuer.name,
    recipientName: credential.recipient.name,
    achievementName: achievement.name,
    achievementKind: achievement.kind,
    imageUrl: deps.urls.badgeImage(achievement.id),
    issuerLogoUrl: hasIssuerLogo(issuer) ? deps.urls.issuerLogo(issuer.id) : null,
    claimUrl: deps.urls.claim(token),
    credentialUrl,
    linkedInUrl: isPublic ? linkedInAddToProfileUrl({ name: achievement.name, organizationName: issuer.name, issuedOn: credential.issuedOn, expiresAt: credential.expiresAt, certUrl: credentialUrl, certId: credential.id }) : null,
    unsubscribeUrl: deps.urls.unsubscribe(unsubscribeToken),
    privacyNoticeUrl: org.settings.privacyNoticeUrl ?? null,
    // Analytics: opens are counted unless the organisation turned the pixel off (docs/analytics.md).
    openPixelUrl: org.settings.emailOpenTracking === false ? null : `${pageUrl}/opened.gif?t=${encodeURIComponent(createViewToken(deps, credential.id))}`,
    expiresAt: credential.expiresAt,
    customSubject: fill(org.settings.awardEmailSubject),
    customMessage: fill(org.settings.awardEmailMessage),
  });
  // RFC 8058 one-click: providers POST `List-Unsubscribe=One-Click` to this URL.
  const headers = { 'List-Unsubscribe': `<${deps.urls.oneClickUnsubscribe(unsubscribeToken)}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
  try {
    // One Message-ID per key: should this process die between the mail server's acceptance and `markSent`,
    // the retry sends the same message again, which mail systems recognise as such (SMTP cannot do better).
    await o.mailer.send({ to: credential.recipient.identity, ...message, headers, messageId: `<award-${o.key}@${new URL(pageUrl).hostname}>` });
  } catch (error) {
    // The job retries; the history says that this attempt failed, by the error's class only (never the mail server's words).
    await deps.store.credentialEvents.record(historyEvent(deps.ids, deps.clock.now(), SYSTEM_ACTOR, credential, 'email.failed', mailFailure(error, o.attempt)), credential);
    return { sent: false, reason: 'the mail server did not take it', failure: { error } };
  }
  await deps.store.claims.markSent(claim.id, deps.clock.now().toISOString());
  await deps.store.credentialEvents.record(historyEvent(deps.ids, deps.clock.now(), SYSTEM_ACTOR, credential, 'email.sent'), credential);
  return { sent: true };
}

/** A failed send, as the history keeps it: the error's code (`ECONNECTION`, `EAUTH` …) and the SMTP status, nothing else. */
function mailFailure(error: unknown, attempt: number | undefined): Record<string, string | number> {
  const e = error as { code?: unknown; responseCode?: unknown };
  const code = typeof e?.code === 'string' && /^[A-Za-z0-9_.-]{1,40}$/.test(e.code) ? e.code : 'send-failed';
  return {
    code,
    ...(typeof e?.responseCode === 'number' && Number.isInteger(e.responseCode) ? { smtpStatus: e.responseCode } : {}),
    ...(attempt !== undefined ? { attempt } : {}),
  };
}

export function notifyRecipientJob(deps: NotifyDeps): JobHandler {
  return {
    name: 'credential.issued',
    version: 1,
    handle: async (payload, context) =>
      // An award imported without notification (migration import): the webhooks still go out, no e-mail.
      payload.notify === false ? { sent: false, reason: 'imported without notification' } : notifyRecipient(deps, { credentialId: payloadString(payload, 'credentialId'), jobId: context.jobId, attempt: context.attempt, context }),
  };
}
