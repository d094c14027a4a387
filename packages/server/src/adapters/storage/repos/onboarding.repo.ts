import type { Kysely } from 'kysely';
import type { OnboardingRepo } from '../../../domain/onboarding/ports.js';
import type { Database } from '../schema.js';

/** The getting-started steps: existence checks over the organisation's own rows, and the member's dismissal. */
export function onboardingRepo(db: Kysely<Database>): OnboardingRepo {
  const exists = async (table: 'issuers' | 'achievements' | 'credentials' | 'invitations', orgId: string): Promise<boolean> =>
    Boolean(await db.selectFrom(table).select('id').where('org_id', '=', orgId).limit(1).executeTakeFirst());
  return {
    async progress(orgId) {
      const [hasIssuer, hasAchievement, hasCredential, invited, members] = await Promise.all([
        exists('issuers', orgId),
        exists('achievements', orgId),
        exists('credentials', orgId),
        exists('invitations', orgId),
        db.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).limit(2).execute(),
      ]);
      return { hasIssuer, hasAchievement, hasCredential, hasInvitedSomeone: invited || members.length > 1 };
    },
    async dismissedAt(orgId, userId) {
      const row = await db.selectFrom('memberships').select('getting_started_dismissed_at').where('org_id', '=', orgId).where('user_id', '=', userId).executeTakeFirst();
      return row?.getting_started_dismissed_at ?? null;
    },
    async dismiss(orgId, userId, at) {
      await db.updateTable('memberships').set({ getting_started_dismissed_at: at }).where('org_id', '=', orgId).where('user_id', '=', userId).execute();
    },
  };
}
