import type { Deps } from '../deps.js';
import type { JobHandler } from '../shared/job-handler.js';
import { payloadString } from '../shared/job-handler.js';
import { effectiveStatus } from '../credentials/effective-status.js';
import { EXPIRY_REMINDER_JOB } from './expiry-sweep.js';

export type ReminderDeps = Pick<Deps, 'store' | 'clock' | 'urls' | 'mailer' | 'emailRenderer'>;

/**
 * Job: e-mail one expiry reminder (the sweep made it, once). Nothing is sent for a credential no longer due
 * (revoked, suspended, expired, superseded), a recipient without an e-mail address, or one who opted out of
 * the organisation's e-mails; the reminder still shows in the backpack. A reminder already marked sent is
 * not sent again (a retry after the mail server took it but before the job completed is the one window
 * where a second copy can go: jobs run at least once).
 */
export function expiryReminderJob(deps: ReminderDeps): JobHandler {
  return {
    name: EXPIRY_REMINDER_JOB,
    version: 1,
    async handle(payload) {
      const reminder = await deps.store.expiryReminders.find(payloadString(payload, 'reminderId'));
      if (!reminder) return { sent: false, reason: 'reminder gone' };
      if (reminder.sentAt) return { sent: false, reason: 'already sent' };
      const now = deps.clock.now();
      const credential = await deps.store.credentials.findById(reminder.orgId, reminder.credentialId);
      const skip = async (outcome: string) => {
        await deps.store.expiryReminders.markSent(reminder.id, outcome, null);
        return { sent: false, reason: outcome };
      };
      if (!credential || credential.supersededBy || effectiveStatus(credential, now) !== 'active') return skip('no-longer-due');
      const email = credential.recipient.type === 'email' ? credential.recipient.identity : credential.earnerUserId ? (await deps.store.users.findById(credential.earnerUserId))?.email : undefined;
      if (!email) return skip('no-email-address');
      if (await deps.store.optOuts.has(credential.orgId, email)) return skip('opted-out');
      const [achievement, issuer, org] = await Promise.all([
        deps.store.achievements.findById(credential.orgId, credential.achievementId),
        deps.store.issuers.findById(credential.orgId, credential.issuerId),
        deps.store.organisations.findById(credential.orgId),
      ]);
      if (!achievement || !issuer || !org) return skip('no-longer-due');
      const message = deps.emailRenderer.expiryReminder({
        locale: org.settings.locale,
        issuerName: issuer.name,
        recipientName: credential.recipient.name,
        achievementName: achievement.name,
        expiresAt: credential.expiresAt!,
        daysLeft: reminder.offsetDays,
        renewUrl: deps.urls.backpackPage(),
        credentialUrl: deps.urls.publicCredentialPage(credential.id),
      });
      await deps.mailer.send({ to: email, ...message });
      await deps.store.expiryReminders.markSent(reminder.id, 'sent', deps.clock.now().toISOString());
      return { sent: true };
    },
  };
}
