import type { Deps } from '../deps.js';
import { withPasswordThrottle } from '../sessions/password-sign-in.js';
import type { Session } from '../sessions/ports.js';
import { AppError } from '../shared/errors.js';
import { proveCode, type CodeProof } from './check-factor.js';
import { factorsOf, hasSecondFactor } from './factors.js';
import { passkeyAssertionOptions, provePasskey } from './passkeys.js';

export type StepUpProof = CodeProof | { method: 'password'; password: string };

type StepUpDeps = Pick<Deps, 'store' | 'clock' | 'passwords' | 'signInThrottle' | 'vault' | 'totp'>;

/**
 * Step-up: prove a factor again in this session, for the sensitive actions that follow (`assertRecentFactor`).
 * A person with a second factor must prove it (a password alone no longer steps up); one without proves their
 * password. Every guess is throttled like a sign-in.
 */
export async function stepUp(deps: StepUpDeps, input: { session: Session; proof: StepUpProof; ip?: string | undefined }): Promise<{ factorAt: string }> {
  const { session, proof } = input;
  const factors = await factorsOf(deps.store, session.userId);
  if (proof.method === 'password') {
    if (hasSecondFactor(factors)) throw new AppError('forbidden', 'prove your second factor (a code or a passkey): your password alone is not enough');
    const user = await deps.store.users.findById(session.userId);
    if (!user?.passwordHash) throw new AppError('invalid-state', 'your account has no password: sign in again with an e-mailed link');
    const hash = user.passwordHash;
    await withPasswordThrottle(deps, { email: user.email, ip: input.ip }, async () => {
      if (!(await deps.passwords.verify(hash, proof.password).catch(() => false))) throw new AppError('unauthenticated', 'the password is not right');
    });
  } else {
    await proveCode(deps, { userId: session.userId, ip: input.ip, proof });
  }
  const factorAt = deps.clock.now().toISOString();
  await deps.store.sessions.recordFactor(session.id, factorAt, proof.method !== 'password');
  return { factorAt };
}

const stepUpBinding = (session: Session) => `step-up:${session.id}`;

export async function stepUpPasskeyOptions(deps: Pick<Deps, 'store' | 'clock' | 'webauthn'>, input: { session: Session }): Promise<unknown> {
  return passkeyAssertionOptions(deps, { bindingId: stepUpBinding(input.session), userId: input.session.userId });
}

export async function stepUpWithPasskey(deps: Pick<Deps, 'store' | 'clock' | 'webauthn'>, input: { session: Session; response: unknown }): Promise<{ factorAt: string }> {
  await provePasskey(deps, { bindingId: stepUpBinding(input.session), userId: input.session.userId, response: input.response });
  const factorAt = deps.clock.now().toISOString();
  await deps.store.sessions.recordFactor(input.session.id, factorAt, true);
  return { factorAt };
}
