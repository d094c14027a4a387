import type { Deps } from '../deps.js';
import { recordSignIn } from '../audit/record-sign-in.js';
import { permissionsOf, type Role } from '../auth/permissions.js';
import { auditEntry } from '../shared/audit.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import { afterFirstFactor, type SignInOutcome } from '../sessions/second-factor.js';
import { startSession } from '../sessions/sign-in.js';
import { SsoRefusal, type AssertedIdentity, type SsoConnection, type SsoPending } from './ports.js';
import { spKeyAad } from './manage-sso-connections.js';
import { domainOf, mappedRole } from './role-mapping.js';

/** How long a sign-in may stay at the provider. */
export const SSO_PENDING_SECONDS = 10 * 60;

export interface Where {
  ip?: string | undefined;
  userAgent?: string | undefined;
}

type SsoDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'vault' | 'sso' | 'sessionTtlSeconds'>;

/** Said to the browser for every refusal: the reason goes to the organisation's audit log, not to whoever is trying. */
const REFUSED = 'single sign-on did not succeed: ask your organisation’s administrator, or sign in another way';

/** Which connection answers for an address's domain, or for an organisation's short name. */
export async function findSsoConnection(deps: Pick<Deps, 'store'>, input: { email?: string | undefined; slug?: string | undefined }): Promise<SsoConnection> {
  const domain = input.email ? domainOf(input.email) : null;
  const slug = input.slug?.trim().toLowerCase();
  const connection = domain ? await deps.store.sso.findConnectionByDomain(domain) : slug ? await deps.store.sso.findConnectionBySlug(slug) : undefined;
  if (!connection || !connection.enabled) throw new AppError('not-found', 'no organisation signs in with single sign-on for this address or name');
  return connection;
}

/**
 * "Sign in with your organisation": a fresh state (bound to the browser by a cookie the caller sets),
 * nonce and PKCE verifier, kept for ten minutes; the URL to send the browser to.
 */
export async function startSsoSignIn(deps: SsoDeps, input: { email?: string | undefined; slug?: string | undefined }): Promise<{ redirectUrl: string; state: string; expiresAt: string }> {
  const connection = await findSsoConnection(deps, input);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + SSO_PENDING_SECONDS * 1000).toISOString();
  const state = deps.ids.token(32);
  const pending: SsoPending = { id: sha256Hex(state), connectionId: connection.id, orgId: connection.orgId, nonce: null, codeVerifier: null, requestId: null, createdAt: now.toISOString(), expiresAt };
  let redirectUrl: string;
  try {
    if (connection.protocol === 'oidc') {
      pending.nonce = deps.ids.token(32);
      pending.codeVerifier = deps.ids.token(48);
      redirectUrl = await deps.sso.oidc.authorizationUrl({ settings: connection.oidc!, clientSecret: clientSecretOf(deps, connection), redirectUri: deps.sso.urls.oidcCallback(), state, nonce: pending.nonce, codeVerifier: pending.codeVerifier });
    } else {
      const request = await deps.sso.saml.authnRequest(connection, state, spSigningKeyOf(deps, connection));
      pending.requestId = request.requestId;
      redirectUrl = request.url;
    }
  } catch (error) {
    if (error instanceof SsoRefusal) throw new AppError('invalid-state', 'the identity provider cannot be reached or is not configured right; ask your organisation’s administrator', { cause: error });
    throw error;
  }
  await deps.store.sso.removeExpiredPending(now.toISOString());
  await deps.store.sso.insertPending(pending);
  return { redirectUrl, state, expiresAt };
}

/** The SP key that signs this connection's AuthnRequests, when it signs them. */
export function spSigningKeyOf(deps: Pick<Deps, 'vault'>, connection: SsoConnection): string | undefined {
  return connection.saml?.signAuthnRequests && connection.sealedSpSigningKey ? deps.vault.open(connection.sealedSpSigningKey, spKeyAad(connection.id)) : undefined;
}

/** A SAML connection's SP metadata (public: IdPs read it). */
export async function samlMetadata(deps: Pick<Deps, 'store' | 'vault' | 'sso'>, connectionId: string): Promise<string> {
  const connection = await deps.store.sso.findConnectionById(connectionId);
  if (!connection || connection.protocol !== 'saml') throw new AppError('not-found', 'no SAML connection has this id');
  return deps.sso.saml.metadata(connection, spSigningKeyOf(deps, connection));
}

export function clientSecretOf(deps: Pick<Deps, 'vault'>, connection: SsoConnection): string {
  if (!connection.sealedClientSecret) throw new SsoRefusal('no-client-secret', 'the connection has no client secret');
  return deps.vault.open(connection.sealedClientSecret, connection.id);
}

async function takePending(deps: Pick<Deps, 'store' | 'clock'>, state: string | undefined): Promise<SsoPending | undefined> {
  if (!state) return undefined;
  const pending = await deps.store.sso.takePending(sha256Hex(state));
  return pending && pending.expiresAt > deps.clock.now().toISOString() ? pending : undefined;
}

async function enabledConnection(deps: Pick<Deps, 'store'>, pending: SsoPending): Promise<SsoConnection> {
  const connection = await deps.store.sso.findConnection(pending.orgId, pending.connectionId);
  if (!connection || !connection.enabled) throw new SsoRefusal('connection-disabled', 'the connection is gone or disabled');
  return connection;
}

/** Runs a provider's answer through `check`; any refusal is written to the organisation's log and answered 401. */
async function refusedToLog<T>(deps: Pick<Deps, 'store' | 'clock' | 'ids'>, context: { orgId: string; connectionId: string; method: 'oidc' | 'saml' } & Where, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof SsoRefusal)) throw error;
    await recordSignIn(deps, { orgIds: [context.orgId], userId: null, method: context.method, outcome: 'failure', reason: error.reason, connectionId: context.connectionId, ip: context.ip, userAgent: context.userAgent });
    throw new AppError('unauthenticated', REFUSED, { cause: error });
  }
}

/**
 * The OpenID Provider sent the browser back. The state cookie set at the start names the pending sign-in
 * (a callback in another browser, or a forged one, finds none); openid-client checks the state in the URL
 * against it, exchanges the code with the PKCE verifier and verifies the ID token (issuer, audience,
 * signature, expiry, nonce).
 */
export async function finishOidcSignIn(deps: SsoDeps, input: { browserState: string | undefined; currentUrl: URL } & Where): Promise<SignInOutcome> {
  const pending = await takePending(deps, input.browserState);
  if (!pending || !pending.nonce || !pending.codeVerifier) throw new AppError('unauthenticated', 'this sign-in has expired or was started in another browser: start again');
  return refusedToLog(deps, { ip: input.ip, userAgent: input.userAgent, orgId: pending.orgId, connectionId: pending.connectionId, method: 'oidc' }, async () => {
    const connection = await enabledConnection(deps, pending);
    const asserted = await deps.sso.oidc.callback({
      settings: connection.oidc!,
      clientSecret: clientSecretOf(deps, connection),
      redirectUri: deps.sso.urls.oidcCallback(),
      currentUrl: input.currentUrl,
      expectedState: input.browserState!,
      expectedNonce: pending.nonce!,
      codeVerifier: pending.codeVerifier!,
      roleClaim: connection.roleClaim,
    });
    return completeSsoSignIn(deps, connection, asserted, { method: 'oidc', ip: input.ip, userAgent: input.userAgent });
  });
}

/**
 * The IdP posted a SAML response to the connection's ACS. Only answers to a request Laurel sent are taken
 * (RelayState names the pending sign-in, InResponseTo its request id: IdP-initiated sign-in is refused), and
 * an assertion id is used once.
 */
export async function finishSamlSignIn(deps: SsoDeps, input: { connectionId: string; relayState: string | undefined; samlResponse: string } & Where): Promise<SignInOutcome> {
  const pending = await takePending(deps, input.relayState);
  if (!pending || pending.connectionId !== input.connectionId || !pending.requestId) {
    const connection = await deps.store.sso.findConnectionById(input.connectionId);
    if (connection) await recordSignIn(deps, { orgIds: [connection.orgId], userId: null, method: 'saml', outcome: 'failure', reason: 'no-pending-request', connectionId: connection.id, ip: input.ip, userAgent: input.userAgent });
    throw new AppError('unauthenticated', 'this sign-in has expired, was already used or was not started here: start again');
  }
  return refusedToLog(deps, { ip: input.ip, userAgent: input.userAgent, orgId: pending.orgId, connectionId: pending.connectionId, method: 'saml' }, async () => {
    const connection = await enabledConnection(deps, pending);
    const asserted = await deps.sso.saml.validate(connection, input.samlResponse, pending.requestId!);
    if (!(await deps.store.sso.useAssertionId(connection.id, asserted.assertionId, asserted.notOnOrAfter, deps.clock.now().toISOString()))) {
      throw new SsoRefusal('saml-replay', 'this assertion was already used');
    }
    return completeSsoSignIn(deps, connection, asserted, { method: 'saml', ip: input.ip, userAgent: input.userAgent });
  });
}

/**
 * Who the provider's answer signs in, and as what:
 * - a subject seen before from this connection signs in to the account it is linked to;
 * - else the asserted address must be in the connection's domains and verified by the provider
 *   (`email_verified: true`); an existing account with that address is linked only if it is already a
 *   member of this organisation (another organisation's IdP cannot take over someone's account); with no
 *   account, one is made (just-in-time);
 * - a person who is not a member joins with the role their claims map to (no role: refused); a member
 *   keeps their membership and role.
 * Two factors: the provider's `amr`, or the connection's `trustIdpMfa`; otherwise a Laurel second factor
 * follows when the account has one.
 */
async function completeSsoSignIn(deps: SsoDeps, connection: SsoConnection, a: AssertedIdentity, where: { method: 'oidc' | 'saml' } & Where): Promise<SignInOutcome> {
  const role = mappedRole(connection, a.roleValues);
  const userId = await linkAndJoin(deps, connection, a, role, where);
  const mfa = a.mfa || connection.trustIdpMfa;
  const context = { ip: where.ip, userAgent: where.userAgent, orgId: connection.orgId };
  const outcome: SignInOutcome = mfa ? { kind: 'session', ...(await startSession(deps, userId, { ...context, mfa: true })) } : await afterFirstFactor(deps, userId, context);
  // The provider's handles for this session: its logout (OIDC back-channel) and Laurel's (SAML SLO) name them. With a
  // Laurel second factor still to come, they wait for the session it opens (sessions/second-factor.ts adopts them).
  const handles = { connectionId: connection.id, orgId: connection.orgId, subject: a.subject, sid: a.sid ?? null, nameIdFormat: a.nameIdFormat ?? null, sessionIndex: a.sessionIndex ?? null };
  if (outcome.kind === 'session') {
    const { session } = outcome;
    await deps.store.sso.linkSession({ ...handles, sessionId: session.id, createdAt: session.createdAt, expiresAt: session.expiresAt });
  } else {
    await deps.store.sso.holdSessionLink(sha256Hex(outcome.pendingToken), { ...handles, createdAt: deps.clock.now().toISOString(), expiresAt: outcome.expiresAt });
  }
  await recordSignIn(deps, {
    orgIds: [connection.orgId],
    userId,
    method: where.method,
    outcome: outcome.kind === 'session' ? 'success' : 'second-factor-pending',
    connectionId: connection.id,
    mfa,
    ip: where.ip,
    userAgent: where.userAgent,
  });
  return outcome;
}

/**
 * The account the assertion signs in to, made or linked and joined to the organisation in one transaction.
 * Two first sign-ins of the same subject at once (a double click, two tabs) race to create the same rows;
 * the loser's transaction fails on a unique constraint and is rolled back whole. It is then run again, and
 * finds the identity and membership the winner made — unless nothing changed, in which case the failure
 * was not a race and is thrown.
 */
async function linkAndJoin(deps: SsoDeps, connection: SsoConnection, a: AssertedIdentity, role: Role | null, where: Where): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await joinOnce(deps, connection, a, role, where);
    } catch (error) {
      if (error instanceof SsoRefusal || attempt >= 3 || !(await raced(deps, connection, a.subject))) throw error;
    }
  }
}

/** Whether a concurrent sign-in of this subject has meanwhile linked it and joined it to the organisation. */
async function raced(deps: Pick<Deps, 'store'>, connection: SsoConnection, subject: string): Promise<boolean> {
  const identity = await deps.store.sso.findIdentity(connection.id, subject);
  return identity !== undefined && (await deps.store.memberships.find(connection.orgId, identity.userId)) !== undefined;
}

async function joinOnce(deps: SsoDeps, connection: SsoConnection, a: AssertedIdentity, role: Role | null, where: Where): Promise<string> {
  const now = deps.clock.now();
  const at = now.toISOString();
  let userId: string | undefined;
  await deps.store.transaction(async (tx) => {
    userId = (await tx.sso.findIdentity(connection.id, a.subject))?.userId;
    if (!userId) {
      if (!a.email) throw new SsoRefusal('no-email', 'the provider asserted no e-mail address');
      const domain = domainOf(a.email);
      if (!domain || (connection.domains.length > 0 && !connection.domains.includes(domain))) throw new SsoRefusal('domain-not-allowed', 'the address is outside the connection’s domains');
      if (!a.emailVerified) throw new SsoRefusal('email-not-verified', 'the provider does not say the address is verified');
      const existing = await tx.users.findByEmail(a.email);
      if (existing) {
        if (!(await tx.memberships.find(connection.orgId, existing.id))) throw new SsoRefusal('account-not-member', 'an account with this address exists and is not a member of this organisation');
        userId = existing.id;
      } else {
        if (!role) throw new SsoRefusal('no-role', 'no role rule matches and the connection has no default role');
        userId = deps.ids.id();
        await tx.users.insert({ id: userId, email: a.email, name: a.name, passwordHash: null, locale: null, createdAt: at, updatedAt: at });
      }
      await tx.sso.insertIdentity({ connectionId: connection.id, subject: a.subject, userId, orgId: connection.orgId, createdAt: at, lastSignInAt: at });
    } else {
      await tx.sso.touchIdentity(connection.id, a.subject, at);
    }
    if (await tx.memberships.find(connection.orgId, userId)) return null;
    if (!role) throw new SsoRefusal('no-role', 'no role rule matches and the connection has no default role');
    await tx.memberships.insert({ orgId: connection.orgId, userId, role, createdAt: at });
    const principal = { kind: 'session' as const, orgId: connection.orgId, userId, role, permissions: permissionsOf(role) };
    await tx.audit.record(auditEntry(deps.ids.id(), now, { principal, ip: where.ip, userAgent: where.userAgent }, 'member.join-sso', { type: 'user', id: userId }, { connectionId: connection.id, role }));
    return role;
  });
  return userId!;
}
