import type { Deps } from '../deps.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import type { Session } from './ports.js';

export interface SignInInput {
  email: string;
  password: string;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export interface SignInResult {
  /** The cookie value; only its hash is stored. */
  token: string;
  session: Session;
}

// A valid argon2id hash of a random string: verifying against it costs the same as a real user.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$nAeDm4pgu3S2K1iYkvUEsg$5RpfttfPi4mQRUaczHRpCyau1PKtz7OZIhbBOYTBXIU';

/** The account whose password this is (the same cost whether or not the address has one); 401 otherwise. */
export async function passwordOwner(deps: Pick<Deps, 'store' | 'passwords'>, input: Pick<SignInInput, 'email' | 'password'>): Promise<string> {
  const user = await deps.store.users.findByEmail(input.email.trim().toLowerCase());
  const ok = await deps.passwords.verify(user?.passwordHash ?? DUMMY_HASH, input.password).catch(() => false);
  if (!user || !user.passwordHash || !ok) throw new AppError('unauthenticated', 'the email or password is not right');
  return user.id;
}

/** A session straight from the password, with no second factor: only for an account that has none (first-run setup). */
export async function signIn(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'passwords' | 'sessionTtlSeconds'>, input: SignInInput): Promise<SignInResult> {
  return startSession(deps, await passwordOwner(deps, input), input);
}

/**
 * A new session for a user proven by password, an e-mailed link or a second factor; in `orgId` if they are
 * a member there. The factor was proven now (`mfa`: a second factor was).
 */
export async function startSession(
  deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'sessionTtlSeconds'>,
  userId: string,
  input: { ip?: string | undefined; userAgent?: string | undefined; orgId?: string | undefined; mfa?: boolean | undefined },
): Promise<SignInResult> {
  const memberships = await deps.store.memberships.listForUser(userId);
  const now = deps.clock.now();
  const token = deps.ids.token(32);
  const session: Session = {
    id: sha256Hex(token),
    userId,
    orgId: memberships.find((m) => m.orgId === input.orgId)?.orgId ?? memberships[0]?.orgId ?? null,
    csrfToken: deps.ids.token(24),
    ip: input.ip ?? null,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.sessionTtlSeconds * 1000).toISOString(),
    factorAt: now.toISOString(),
    mfa: input.mfa ?? false,
    lastSeenAt: now.toISOString(),
  };
  await deps.store.sessions.insert(session);
  return { token, session };
}
