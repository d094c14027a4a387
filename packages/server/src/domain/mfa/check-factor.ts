import type { Deps } from '../deps.js';
import { AppError } from '../shared/errors.js';
import { assertNotLocked, secondFactorKeys } from '../sessions/sign-in-throttle.js';
import type { TotpFactor } from './ports.js';
import { hashRecoveryCode } from './recovery-codes.js';

/** A code typed by the person: from their authenticator app, or one of their recovery codes. */
export type CodeProof = { method: 'totp'; code: string } | { method: 'recovery'; code: string };

export const totpAad = (userId: string): string => `mfa-totp:${userId}`;

/** The time step of a code for this factor, or null (the secret is opened only for this). */
export function matchTotp(deps: Pick<Deps, 'vault' | 'totp' | 'clock'>, factor: TotpFactor, code: string): number | null {
  return deps.totp.match(deps.vault.open(factor.sealedSecret, totpAad(factor.userId)), code, deps.clock.now());
}

/** A right TOTP code, never used before: its time step must be later than the last accepted (RFC 6238 §5.2). */
async function totpCodeIsGood(deps: Pick<Deps, 'store' | 'vault' | 'totp' | 'clock'>, userId: string, code: string): Promise<boolean> {
  const factor = await deps.store.mfa.findTotp(userId);
  if (!factor?.confirmedAt) return false;
  const step = matchTotp(deps, factor, code);
  return step !== null && deps.store.mfa.useTotpStep(userId, step);
}

/**
 * Run a second-factor check under the sign-in throttle (`secondFactorKeys`): refused with 429 while locked,
 * before the code is looked at; a wrong, replayed or used code counts; a right one forgets the account's
 * failures. `check` answers whether the factor was proven.
 */
export async function withSecondFactorThrottle(
  deps: Pick<Deps, 'clock' | 'signInThrottle'>,
  who: { userId: string; ip?: string | undefined },
  check: () => Promise<boolean>,
): Promise<void> {
  const { entries, clearedOnSuccess } = secondFactorKeys(who.userId, who.ip);
  await assertNotLocked(deps.signInThrottle, entries.map((e) => e.key), deps.clock.now().getTime());
  if (!(await check())) {
    await deps.signInThrottle.recordFailure(entries, deps.clock.now().getTime());
    throw new AppError('unauthenticated', 'the code is not right, or it was used already');
  }
  await deps.signInThrottle.clear(clearedOnSuccess);
}

/** Prove a TOTP or recovery code of the user (each good once), throttled. */
export async function proveCode(deps: Pick<Deps, 'store' | 'vault' | 'totp' | 'clock' | 'signInThrottle'>, input: { userId: string; ip?: string | undefined; proof: CodeProof }): Promise<void> {
  const { userId, proof } = input;
  await withSecondFactorThrottle(deps, input, async () =>
    proof.method === 'totp' ? totpCodeIsGood(deps, userId, proof.code) : deps.store.mfa.useRecoveryCode(userId, hashRecoveryCode(proof.code), deps.clock.now().toISOString()),
  );
}
