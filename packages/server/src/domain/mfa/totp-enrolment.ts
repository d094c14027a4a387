import type { Deps } from '../deps.js';
import type { Session } from '../sessions/ports.js';
import { AppError, isAppError } from '../shared/errors.js';
import type { Repositories } from '../shared/store.js';
import { matchTotp, totpAad, withSecondFactorThrottle } from './check-factor.js';
import { factorsOf, hasSecondFactor } from './factors.js';
import { issueRecoveryCodes } from './recovery-codes.js';
import { assertRecentFactor } from './step-up.js';

type EnrolDeps = Pick<Deps, 'store' | 'clock' | 'vault' | 'totp' | 'stepUpSeconds'>;

/** The name authenticator apps show above the codes. */
export const TOTP_ISSUER = 'Laurel';

/**
 * Start adding an authenticator app: a fresh secret, sealed at rest, unconfirmed until a first code proves
 * the app holds it. Shown once, now (as text and as the `otpauth://` URI for a QR code).
 */
export async function startTotpEnrolment(deps: EnrolDeps, input: { session: Session }): Promise<{ secret: string; uri: string }> {
  assertRecentFactor(deps, input.session.factorAt);
  const { userId } = input.session;
  const [user, existing] = await Promise.all([deps.store.users.findById(userId), deps.store.mfa.findTotp(userId)]);
  if (!user) throw new AppError('unauthenticated', 'sign in first');
  if (existing?.confirmedAt) throw new AppError('conflict', 'an authenticator app is set up already; turn it off first to replace it');
  const secret = deps.totp.newSecret();
  await deps.store.mfa.saveTotp({ userId, sealedSecret: deps.vault.seal(secret, totpAad(userId)), confirmedAt: null, lastStep: null, createdAt: deps.clock.now().toISOString() });
  return { secret, uri: deps.totp.uri({ secret, account: user.email, issuer: TOTP_ISSUER }) };
}

/**
 * After a person's first second factor is added: ten recovery codes (shown once) and every other session
 * ends, so no browser signed in with the password alone stays signed in. The session that added it has
 * proven the new factor just now.
 */
export async function afterFactorAdded(deps: Pick<Deps, 'random' | 'ids' | 'clock'>, tx: Pick<Repositories, 'mfa' | 'sessions'>, session: Session, first: boolean): Promise<string[] | null> {
  await tx.sessions.recordFactor(session.id, deps.clock.now().toISOString(), true);
  if (!first) return null;
  await tx.sessions.removeForUser(session.userId, session.id);
  return issueRecoveryCodes(deps, tx, session.userId);
}

/** Confirm the authenticator with a first code (throttled like any code). Returns the recovery codes when it is the first factor. */
export async function confirmTotpEnrolment(
  deps: EnrolDeps & Pick<Deps, 'signInThrottle' | 'random' | 'ids'>,
  input: { session: Session; code: string; ip?: string | undefined },
): Promise<{ recoveryCodes: string[] | null }> {
  const { userId } = input.session;
  const factor = await deps.store.mfa.findTotp(userId);
  if (!factor || factor.confirmedAt) throw new AppError('invalid-state', 'start adding an authenticator app first');
  let step: number | null = null;
  await withSecondFactorThrottle(deps, { userId, ip: input.ip }, async () => (step = matchTotp(deps, factor, input.code)) !== null).catch((error: unknown) => {
    // Counted by the throttle; answered as a field error (this person is signed in: a 401 would read as "signed out").
    if (isAppError(error) && error.code === 'unauthenticated') throw new AppError('validation', 'the code is not right', { fields: [{ path: '/code', message: 'is not right' }] });
    throw error;
  });
  const first = !hasSecondFactor(await factorsOf(deps.store, userId));
  return deps.store.transaction(async (tx) => {
    await tx.mfa.confirmTotp(userId, deps.clock.now().toISOString(), step!);
    return { recoveryCodes: await afterFactorAdded(deps, tx, input.session, first) };
  });
}

/** Turn the authenticator app off (a factor proven recently). With no factor left, the recovery codes go too. */
export async function disableTotp(deps: Pick<Deps, 'store' | 'clock' | 'stepUpSeconds'>, input: { session: Session }): Promise<void> {
  assertRecentFactor(deps, input.session.factorAt);
  const { userId } = input.session;
  if (!(await deps.store.mfa.findTotp(userId))) throw new AppError('not-found', 'no authenticator app is set up');
  await deps.store.transaction(async (tx) => {
    await tx.mfa.removeTotp(userId);
    if (!hasSecondFactor(await factorsOf(tx, userId))) await tx.mfa.removeRecoveryCodes(userId);
  });
}

/** New recovery codes (the old ones stop working), for a person with a second factor. */
export async function regenerateRecoveryCodes(deps: Pick<Deps, 'store' | 'clock' | 'stepUpSeconds' | 'random' | 'ids'>, input: { session: Session }): Promise<string[]> {
  assertRecentFactor(deps, input.session.factorAt);
  if (!hasSecondFactor(await factorsOf(deps.store, input.session.userId))) throw new AppError('invalid-state', 'recovery codes come with a second factor: add an authenticator app or a passkey first');
  return issueRecoveryCodes(deps, deps.store, input.session.userId);
}
