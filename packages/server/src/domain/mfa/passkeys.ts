import type { Deps } from '../deps.js';
import type { Session } from '../sessions/ports.js';
import { AppError, notFound } from '../shared/errors.js';
import { factorsOf, hasSecondFactor } from './factors.js';
import type { StoredPasskey } from './ports.js';
import { assertRecentFactor } from './step-up.js';
import { afterFactorAdded } from './totp-enrolment.js';

/** How long a WebAuthn challenge may be answered. */
export const CHALLENGE_SECONDS = 5 * 60;

type PasskeyDeps = Pick<Deps, 'store' | 'clock' | 'webauthn'>;
const expiry = (deps: Pick<Deps, 'clock'>) => new Date(deps.clock.now().getTime() + CHALLENGE_SECONDS * 1000).toISOString();
const nowIso = (deps: Pick<Deps, 'clock'>) => deps.clock.now().toISOString();
const registrationBinding = (session: Session) => `register:${session.id}`;

/** Options to create a passkey for the signed-in person (a factor proven recently); the challenge is bound to this session. */
export async function passkeyRegistrationOptions(deps: PasskeyDeps & Pick<Deps, 'stepUpSeconds'>, input: { session: Session }): Promise<unknown> {
  assertRecentFactor(deps, input.session.factorAt);
  const user = await deps.store.users.findById(input.session.userId);
  if (!user) throw new AppError('unauthenticated', 'sign in first');
  const exclude = await deps.store.passkeys.listForUser(user.id);
  const { options, challenge } = await deps.webauthn.registrationOptions({ userId: user.id, userName: user.email, displayName: user.name ?? user.email, exclude });
  await deps.store.passkeys.putChallenge({ bindingId: registrationBinding(input.session), purpose: 'register', userId: user.id, challenge, expiresAt: expiry(deps) }, nowIso(deps));
  return options;
}

/** Register the passkey the browser made with those options. Returns recovery codes when it is the person's first factor. */
export async function registerPasskey(
  deps: PasskeyDeps & Pick<Deps, 'random' | 'ids'>,
  input: { session: Session; response: unknown; name?: string | undefined },
): Promise<{ passkey: StoredPasskey; recoveryCodes: string[] | null }> {
  const { userId } = input.session;
  const now = deps.clock.now().toISOString();
  const challenge = await deps.store.passkeys.takeChallenge(registrationBinding(input.session), 'register', now);
  if (!challenge || challenge.userId !== userId) throw new AppError('invalid-state', 'ask for new passkey options and try again');
  const verified = await deps.webauthn.verifyRegistration({ response: input.response, challenge: challenge.challenge });
  if (!verified) throw new AppError('validation', 'the passkey could not be verified', { fields: [{ path: '/response', message: 'is not a valid answer to the challenge' }] });
  if (await deps.store.passkeys.find(verified.id)) throw new AppError('conflict', 'this passkey is registered already');
  const first = !hasSecondFactor(await factorsOf(deps.store, userId));
  const existing = await deps.store.passkeys.listForUser(userId);
  const passkey: StoredPasskey = { ...verified, userId, name: input.name?.trim() || `Passkey ${existing.length + 1}`, createdAt: now, lastUsedAt: null };
  return deps.store.transaction(async (tx) => {
    await tx.passkeys.insert(passkey);
    return { passkey, recoveryCodes: await afterFactorAdded(deps, tx, input.session, first) };
  });
}

export async function listPasskeys(deps: Pick<Deps, 'store'>, input: { userId: string }): Promise<StoredPasskey[]> {
  return deps.store.passkeys.listForUser(input.userId);
}

/** Remove one of the person's passkeys (a factor proven recently). With no factor left, the recovery codes go too. */
export async function removePasskey(deps: Pick<Deps, 'store' | 'clock' | 'stepUpSeconds'>, input: { session: Session; id: string }): Promise<void> {
  assertRecentFactor(deps, input.session.factorAt);
  const { userId } = input.session;
  await deps.store.transaction(async (tx) => {
    if (!(await tx.passkeys.remove(userId, input.id))) throw notFound('passkey');
    if (!hasSecondFactor(await factorsOf(tx, userId))) await tx.mfa.removeRecoveryCodes(userId);
  });
}

/**
 * Options to prove a passkey. `userId`: that person's passkeys (a second factor, a step-up); null: any
 * discoverable passkey of this site (passwordless sign-in, user verification required). The challenge is
 * bound to `bindingId` (a pending sign-in, a session, or a browser's cookie) and answers once.
 */
export async function passkeyAssertionOptions(deps: PasskeyDeps, input: { bindingId: string; userId: string | null }): Promise<unknown> {
  const allow = input.userId ? await deps.store.passkeys.listForUser(input.userId) : [];
  if (input.userId && allow.length === 0) throw new AppError('invalid-state', 'no passkey is registered for this account');
  const { options, challenge } = await deps.webauthn.authenticationOptions({ allow, userVerification: input.userId ? 'preferred' : 'required' });
  await deps.store.passkeys.putChallenge({ bindingId: input.bindingId, purpose: 'authenticate', userId: input.userId, challenge, expiresAt: expiry(deps) }, nowIso(deps));
  return options;
}

/**
 * Check a passkey assertion against the challenge bound to `bindingId`: the credential must exist (and be
 * `userId`'s, when given), the signature, challenge, origin and RP id must verify. Any failure is the same
 * 401. Returns the passkey proven.
 */
export async function provePasskey(deps: PasskeyDeps, input: { bindingId: string; userId: string | null; response: unknown }): Promise<StoredPasskey> {
  const now = deps.clock.now().toISOString();
  const refused = () => new AppError('unauthenticated', 'the passkey could not be verified; try again');
  const challenge = await deps.store.passkeys.takeChallenge(input.bindingId, 'authenticate', now);
  if (!challenge || challenge.userId !== input.userId) throw refused();
  const id = deps.webauthn.credentialIdOf(input.response);
  const passkey = id ? await deps.store.passkeys.find(id) : undefined;
  if (!passkey || (input.userId !== null && passkey.userId !== input.userId)) throw refused();
  const result = await deps.webauthn.verifyAuthentication({ response: input.response, challenge: challenge.challenge, passkey, requireUserVerification: input.userId === null });
  if (!result) throw refused();
  await deps.store.passkeys.recordUse(passkey.id, result.newCounter, now);
  return passkey;
}
