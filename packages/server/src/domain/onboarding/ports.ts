/** What an organisation has done so far, read in one go (each an existence check, scoped to the organisation). */
export interface OnboardingProgress {
  hasIssuer: boolean;
  hasAchievement: boolean;
  hasCredential: boolean;
  /** Another member, or an invitation sent to someone. */
  hasInvitedSomeone: boolean;
}

export interface OnboardingRepo {
  progress(orgId: string): Promise<OnboardingProgress>;
  /** When this member dismissed the getting-started banner, or null. */
  dismissedAt(orgId: string, userId: string): Promise<string | null>;
  dismiss(orgId: string, userId: string, at: string): Promise<void>;
}
