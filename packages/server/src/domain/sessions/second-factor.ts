import type { Deps } from '../deps.js';
import { recordSignIn, type SignInMethod } from '../audit/record-sign-in.js';
import { proveCode, type CodeProof } from '../mfa/check-factor.js';
import { factorsOf, hasSecondFactor, methodsOf, type SecondFactorMethod } from '../mfa/factors.js';
import { passkeyAssertionOptions, provePasskey } from '../mfa/passkeys.js';
import { AppError, isAppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import { startSession, type SignInResult } from './sign-in.js';

/** How long a sign-in waits for its second factor, and how many wrong codes it takes before it must start over. */
export const PENDING_SECONDS = 10 * 60;
export const PENDING_ATTEMPTS = 5;

export type SignInOutcome =
  | ({ kind: 'session' } & SignInResult)
  | { kind: 'second-factor'; pendingToken: string; methods: SecondFactorMethod[]; expiresAt: string };

interface Where {
  ip?: string | undefined;
  userAgent?: string | undefined;
  /** The organisation the session opens in (single sign-on: the connection's), when the person is a member there. */
  orgId?: string | undefined;
}

type SessionDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'sessionTtlSeconds'>;

/**
 * The first factor (password or e-mailed link) is proven. Without a second factor that is a session; with
 * one, only a pending sign-in (a token for a short-lived cookie, no session): nothing of the API opens
 * until the second factor finishes it.
 */
export async function afterFirstFactor(deps: SessionDeps, userId: string, where: Where): Promise<SignInOutcome> {
  const factors = await factorsOf(deps.store, userId);
  if (!hasSecondFactor(factors)) return { kind: 'session', ...(await startSession(deps, userId, where)) };
  const token = deps.ids.token(32);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + PENDING_SECONDS * 1000).toISOString();
  await deps.store.mfa.removeExpiredPending(now.toISOString());
  await deps.store.mfa.insertPending({ id: sha256Hex(token), userId, ip: where.ip ?? null, userAgent: where.userAgent?.slice(0, 300) ?? null, attempts: 0, createdAt: now.toISOString(), expiresAt });
  return { kind: 'second-factor', pendingToken: token, methods: methodsOf(factors), expiresAt };
}

async function loadPending(deps: Pick<Deps, 'store' | 'clock'>, token: string | undefined) {
  const pending = token ? await deps.store.mfa.findPending(sha256Hex(token)) : undefined;
  if (!pending || pending.expiresAt <= deps.clock.now().toISOString()) throw new AppError('unauthenticated', 'sign in again: the first step has expired or was not done');
  return pending;
}

async function finish(deps: SessionDeps, pending: { id: string; userId: string }, where: Where, method: SignInMethod): Promise<SignInResult> {
  // Whoever deletes the pending sign-in finishes it: two good answers at once make one session.
  if (!(await deps.store.mfa.removePending(pending.id))) throw new AppError('unauthenticated', 'sign in again');
  const result = await startSession(deps, pending.userId, { ...where, mfa: true });
  // An identity provider's sign-in that waited for this factor: its logout handles join the session (single logout).
  await deps.store.sso.adoptSessionLink(pending.id, result.session);
  await recordSignIn(deps, { orgIds: result.session.orgId ? [result.session.orgId] : [], userId: pending.userId, method, outcome: 'success', mfa: true, ip: where.ip, userAgent: where.userAgent });
  return result;
}

/** A wrong second factor, in the log of each of the account's organisations. */
async function recordWrongFactor(deps: SessionDeps, userId: string, method: SignInMethod, where: Where): Promise<void> {
  const orgIds = (await deps.store.memberships.listForUser(userId)).map((m) => m.orgId);
  await recordSignIn(deps, { orgIds, userId, method, outcome: 'failure', reason: 'wrong-second-factor', ip: where.ip, userAgent: where.userAgent });
}

/** Finish a pending sign-in with a TOTP or recovery code. Wrong codes count (throttle, and 5 per pending sign-in). */
export async function completeSignInWithCode(
  deps: SessionDeps & Pick<Deps, 'vault' | 'totp' | 'signInThrottle'>,
  input: { pendingToken: string | undefined; proof: CodeProof } & Where,
): Promise<SignInResult> {
  const pending = await loadPending(deps, input.pendingToken);
  const codeMethod: SignInMethod = input.proof.method === 'recovery' ? 'recovery-code' : 'totp';
  try {
    await proveCode(deps, { userId: pending.userId, ip: input.ip, proof: input.proof });
  } catch (error) {
    if (isAppError(error) && error.code === 'unauthenticated') await recordWrongFactor(deps, pending.userId, codeMethod, input);
    if (isAppError(error) && error.code === 'unauthenticated' && (await deps.store.mfa.countPendingAttempt(pending.id)) >= PENDING_ATTEMPTS) {
      await deps.store.mfa.removePending(pending.id);
    }
    throw error;
  }
  return finish(deps, pending, input, codeMethod);
}

const pendingBinding = (pendingId: string) => `pending:${pendingId}`;

/** WebAuthn options to finish a pending sign-in with one of the person's passkeys. */
export async function pendingPasskeyOptions(deps: Pick<Deps, 'store' | 'clock' | 'webauthn'>, input: { pendingToken: string | undefined }): Promise<unknown> {
  const pending = await loadPending(deps, input.pendingToken);
  return passkeyAssertionOptions(deps, { bindingId: pendingBinding(pending.id), userId: pending.userId });
}

export async function completeSignInWithPasskey(deps: SessionDeps & Pick<Deps, 'webauthn'>, input: { pendingToken: string | undefined; response: unknown } & Where): Promise<SignInResult> {
  const pending = await loadPending(deps, input.pendingToken);
  try {
    await provePasskey(deps, { bindingId: pendingBinding(pending.id), userId: pending.userId, response: input.response });
  } catch (error) {
    if (isAppError(error) && error.code === 'unauthenticated') await recordWrongFactor(deps, pending.userId, 'passkey', input);
    throw error;
  }
  return finish(deps, pending, input, 'passkey');
}

const browserBinding = (browserToken: string) => `browser:${sha256Hex(browserToken)}`;

/** Passwordless: options for any discoverable passkey of this site, bound to a random token kept in the browser's cookie. */
export async function passwordlessOptions(deps: Pick<Deps, 'store' | 'clock' | 'webauthn'>, input: { browserToken: string }): Promise<unknown> {
  return passkeyAssertionOptions(deps, { bindingId: browserBinding(input.browserToken), userId: null });
}

/** Passwordless sign-in: a passkey with user verification is two factors (the device, and the PIN or biometric that unlocks it). */
export async function signInWithPasskey(deps: SessionDeps & Pick<Deps, 'webauthn'>, input: { browserToken: string | undefined; response: unknown } & Where): Promise<SignInResult> {
  if (!input.browserToken) throw new AppError('unauthenticated', 'ask for passkey options first');
  const passkey = await provePasskey(deps, { bindingId: browserBinding(input.browserToken), userId: null, response: input.response });
  const result = await startSession(deps, passkey.userId, { ...input, mfa: true });
  await recordSignIn(deps, { orgIds: result.session.orgId ? [result.session.orgId] : [], userId: passkey.userId, method: 'passkey', outcome: 'success', mfa: true, ip: input.ip, userAgent: input.userAgent });
  return result;
}
