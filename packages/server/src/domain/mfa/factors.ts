import type { Repositories } from '../shared/store.js';

/** What a person can prove beyond their password. */
export interface UserFactors {
  /** A confirmed TOTP authenticator. */
  totp: boolean;
  passkeys: number;
  /** Unused recovery codes. */
  recoveryCodes: number;
}

export type SecondFactorMethod = 'totp' | 'passkey' | 'recovery';

export async function factorsOf(tx: Pick<Repositories, 'mfa' | 'passkeys'>, userId: string): Promise<UserFactors> {
  const [totp, passkeys, recoveryCodes] = await Promise.all([tx.mfa.findTotp(userId), tx.passkeys.listForUser(userId), tx.mfa.countUnusedRecoveryCodes(userId)]);
  return { totp: Boolean(totp?.confirmedAt), passkeys: passkeys.length, recoveryCodes };
}

/** Recovery codes alone are no factor: they stand in for a lost authenticator. */
export const hasSecondFactor = (f: UserFactors): boolean => f.totp || f.passkeys > 0;

/** The ways a sign-in waiting for its second factor may finish. */
export function methodsOf(f: UserFactors): SecondFactorMethod[] {
  return [...(f.totp ? (['totp'] as const) : []), ...(f.passkeys > 0 ? (['passkey'] as const) : []), ...(hasSecondFactor(f) && f.recoveryCodes > 0 ? (['recovery'] as const) : [])];
}

/** Forget every factor of an account (set up by someone who never held its mailbox; see `proveMailbox`). */
export async function removeFactors(tx: Pick<Repositories, 'mfa' | 'passkeys'>, userId: string): Promise<void> {
  await tx.mfa.removeTotp(userId);
  await tx.passkeys.removeAllForUser(userId);
  await tx.mfa.removeRecoveryCodes(userId);
}
