import type { Deps } from '../deps.js';
import { assertRecentFactor } from '../mfa/step-up.js';
import { checkPassword } from '../organisations/password-policy.js';
import { AppError, isAppError } from '../shared/errors.js';
import { FieldChecks } from '../shared/validation.js';
import { withPasswordThrottle } from './password-sign-in.js';
import type { Session } from './ports.js';

export interface ChangePasswordInput {
  session: Session;
  /** Required when the account has a password (checked under the sign-in throttle). */
  currentPassword?: string | undefined;
  newPassword: string;
  ip?: string | undefined;
}

/**
 * Change one's password: the current one is required (an account with none, signed in by e-mailed links,
 * needs a factor proven recently instead). Every other session ends.
 */
export async function changePassword(deps: Pick<Deps, 'store' | 'clock' | 'passwords' | 'signInThrottle' | 'stepUpSeconds'>, input: ChangePasswordInput): Promise<void> {
  const user = await deps.store.users.findById(input.session.userId);
  if (!user) throw new AppError('unauthenticated', 'sign in first');
  const checks = new FieldChecks();
  checkPassword(checks, input.newPassword, '/newPassword');
  if (user.passwordHash && !input.currentPassword) checks.add('/currentPassword', 'is required');
  checks.throwIfAny();
  if (user.passwordHash) {
    const hash = user.passwordHash;
    await withPasswordThrottle(deps, { email: user.email, ip: input.ip }, async () => {
      if (!(await deps.passwords.verify(hash, input.currentPassword!).catch(() => false))) throw new AppError('unauthenticated', 'the current password is not right');
    }).catch((error: unknown) => {
      // Counted as a failed password; answered as a field error (a 401 would read as "signed out").
      if (isAppError(error) && error.code === 'unauthenticated') throw new AppError('validation', 'the current password is not right', { fields: [{ path: '/currentPassword', message: 'is not right' }] });
      throw error;
    });
  } else {
    assertRecentFactor(deps, input.session.factorAt);
  }
  const passwordHash = await deps.passwords.hash(input.newPassword);
  await deps.store.transaction(async (tx) => {
    await tx.users.update({ ...user, passwordHash, updatedAt: deps.clock.now().toISOString() });
    await tx.sessions.removeForUser(user.id, input.session.id);
  });
}
