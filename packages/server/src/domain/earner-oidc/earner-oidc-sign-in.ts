import type { Deps } from '../deps.js';
import { recordSignIn } from '../audit/record-sign-in.js';
import { afterFirstFactor, type SignInOutcome } from '../sessions/second-factor.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import { SsoRefusal, type AssertedIdentity } from '../sso/ports.js';
import type { EarnerOidcPending, EarnerProvider } from './ports.js';

/** How long a sign-in may stay at the provider. */
export const EARNER_OIDC_PENDING_SECONDS = 10 * 60;

export interface Where {
  ip?: string | undefined;
  userAgent?: string | undefined;
}

type EarnerOidcDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'sso' | 'sessionTtlSeconds' | 'earnerProviders'>;

/** Said to the browser for every refusal; the reason goes to the audit log of the account's organisations. */
const REFUSED = 'signing in with this provider did not succeed: sign in another way, or with a link sent to your address';

/** The providers earners may choose (id and label only: nothing secret). */
export function listEarnerProviders(deps: Pick<Deps, 'earnerProviders'>): { id: string; label: string }[] {
  return (deps.earnerProviders ?? []).map((p) => ({ id: p.id, label: p.label }));
}

function providerOf(deps: Pick<Deps, 'earnerProviders'>, id: string): EarnerProvider | undefined {
  return (deps.earnerProviders ?? []).find((p) => p.id === id);
}

/** "Continue with Google": a fresh state (bound to the browser by a cookie the caller sets), nonce and PKCE verifier; where to send the browser. */
export async function startEarnerOidcSignIn(deps: EarnerOidcDeps, input: { provider: string }): Promise<{ redirectUrl: string; state: string; expiresAt: string }> {
  const provider = providerOf(deps, input.provider);
  if (!provider) throw new AppError('not-found', `no sign-in provider "${input.provider.slice(0, 40)}" is configured here`);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + EARNER_OIDC_PENDING_SECONDS * 1000).toISOString();
  const state = deps.ids.token(32);
  const pending: EarnerOidcPending = { id: sha256Hex(state), provider: provider.id, nonce: deps.ids.token(32), codeVerifier: deps.ids.token(48), createdAt: now.toISOString(), expiresAt };
  let redirectUrl: string;
  try {
    redirectUrl = await deps.sso.oidc.authorizationUrl({
      settings: { issuer: provider.issuer, clientId: provider.clientId },
      clientSecret: provider.clientSecret,
      redirectUri: deps.sso.urls.earnerOidcCallback(),
      state,
      nonce: pending.nonce,
      codeVerifier: pending.codeVerifier,
    });
  } catch (error) {
    if (error instanceof SsoRefusal) throw new AppError('invalid-state', `${provider.label} cannot be reached right now: try again later or sign in another way`, { cause: error });
    throw error;
  }
  await deps.store.earnerOidc.removeExpiredPending(now.toISOString());
  await deps.store.earnerOidc.insertPending(pending);
  return { redirectUrl, state, expiresAt };
}

const orgsOf = async (deps: Pick<Deps, 'store'>, userId: string | undefined) => (userId ? (await deps.store.memberships.listForUser(userId)).map((m) => m.orgId) : []);

/**
 * The provider sent the browser back. The state cookie names the pending sign-in (a callback in another
 * browser, or a forged one, finds none); openid-client checks the state in the URL against it, exchanges the
 * code with the PKCE verifier and verifies the ID token (issuer, audience, signature, expiry, nonce).
 *
 * Whose account: the one already linked to (provider, subject); the first time, the account holding the
 * asserted address as a *verified* address, and only when the provider says `email_verified: true`;
 * otherwise a new account with that address. An unverified assertion never reaches an account (no
 * pre-hijacking, no take-over), and an account whose sign-in address was never proven is not entered
 * either (whoever registered it may not own the mailbox).
 */
export async function finishEarnerOidcSignIn(deps: EarnerOidcDeps, input: { browserState: string | undefined; currentUrl: URL } & Where): Promise<SignInOutcome> {
  const now = deps.clock.now();
  const pending = input.browserState ? await deps.store.earnerOidc.takePending(sha256Hex(input.browserState)) : undefined;
  if (!pending || pending.expiresAt <= now.toISOString()) throw new AppError('unauthenticated', 'this sign-in has expired or was started in another browser: start again');
  const provider = providerOf(deps, pending.provider);
  if (!provider) throw new AppError('unauthenticated', 'this sign-in provider is no longer offered: sign in another way');
  const where = { ip: input.ip, userAgent: input.userAgent };
  let concerned: string | undefined;
  try {
    const a = await deps.sso.oidc.callback({
      settings: { issuer: provider.issuer, clientId: provider.clientId },
      clientSecret: provider.clientSecret,
      redirectUri: deps.sso.urls.earnerOidcCallback(),
      currentUrl: input.currentUrl,
      expectedState: input.browserState!,
      expectedNonce: pending.nonce,
      codeVerifier: pending.codeVerifier,
      roleClaim: 'groups',
    });
    const userId = await linkWithRetry(deps, provider.id, a, now.toISOString(), (id) => (concerned = id));
    const outcome = await afterFirstFactor(deps, userId, where);
    await recordSignIn(deps, { orgIds: await orgsOf(deps, userId), userId, method: 'oidc', provider: provider.id, outcome: outcome.kind === 'session' ? 'success' : 'second-factor-pending', ...where });
    return outcome;
  } catch (error) {
    if (!(error instanceof SsoRefusal)) throw error;
    await recordSignIn(deps, { orgIds: await orgsOf(deps, concerned), userId: concerned ?? null, method: 'oidc', provider: provider.id, outcome: 'failure', reason: error.reason, ...where });
    throw new AppError('unauthenticated', REFUSED, { cause: error });
  }
}

/**
 * Refusals that a concurrent first sign-in of the same subject can cause: its account's address taken under us, or
 * its account seen (read committed: it committed between our two reads) before its verified address was.
 */
const RACE_REFUSALS = new Set(['address-taken', 'account-address-unproven']);

/**
 * Links (provider, subject) to an account, made if need be, in one transaction. Two first sign-ins of the same
 * subject at once race to create the same account, address and link; the loser's transaction fails on a
 * unique constraint (or finds the address taken, or the account without its address) and is rolled back whole. It
 * is then run again and finds the link the winner made; when no link appeared meanwhile, the failure was not a race
 * and is thrown (an account whose address was never proven is still never entered).
 */
export async function linkWithRetry(deps: Pick<EarnerOidcDeps, 'store' | 'ids'>, providerId: string, a: AssertedIdentity, at: string, concern: (userId: string | undefined) => void): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await linkOnce(deps, providerId, a, at, concern);
    } catch (error) {
      const refusedForGood = error instanceof SsoRefusal && !RACE_REFUSALS.has(error.reason);
      if (refusedForGood || attempt >= 3 || !(await deps.store.earnerOidc.findLink(providerId, a.subject))) throw error;
    }
  }
}

function linkOnce(deps: Pick<EarnerOidcDeps, 'store' | 'ids'>, providerId: string, a: AssertedIdentity, at: string, concern: (userId: string | undefined) => void): Promise<string> {
  return deps.store.transaction(async (tx) => {
    const link = await tx.earnerOidc.findLink(providerId, a.subject);
    if (link) {
      concern(link.userId);
      await tx.earnerOidc.touchLink(link.id, at);
      return link.userId;
    }
    if (!a.email) throw new SsoRefusal('no-email', 'the provider asserted no e-mail address');
    const holder = await tx.earnerOidc.findVerifiedEmailHolder(a.email);
    const concerned = holder ?? (await tx.users.findByEmail(a.email))?.id;
    concern(concerned);
    if (!a.emailVerified) throw new SsoRefusal('email-not-verified', 'the provider does not say the address is verified');
    let userId = holder;
    if (!userId) {
      if (concerned) throw new SsoRefusal('account-address-unproven', 'an account signs in with this address but never proved it');
      userId = deps.ids.id();
      await tx.users.insert({ id: userId, email: a.email, name: a.name, passwordHash: null, locale: null, createdAt: at, updatedAt: at });
      const claimed = await tx.addresses.claim({ id: deps.ids.id(), userId, type: 'email', value: a.email, verifiedAt: at, createdAt: at });
      if (claimed.userId !== userId) throw new SsoRefusal('address-taken', 'another account holds this address');
      concern(userId);
    }
    await tx.earnerOidc.insertLink({ id: deps.ids.id(), provider: providerId, subject: a.subject, userId, email: a.email, createdAt: at, lastSignInAt: at });
    return userId;
  });
}
