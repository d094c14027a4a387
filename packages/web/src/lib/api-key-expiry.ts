/** The console's expiry choices, in days ('never': until revoked). */
export const EXPIRY_CHOICES = ['30', '90', '365', 'never'] as const;

/** The `expiresAt` a choice gives, counted from now; none for 'never'. */
export function expiryFrom(choice: string | undefined, now = Date.now()): string | undefined {
  const days = Number(choice);
  return Number.isInteger(days) && days > 0 ? new Date(now + days * 86_400_000).toISOString() : undefined;
}
