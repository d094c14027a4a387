import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/hash.js';
import type { SignInThrottle, ThrottleRule } from './ports.js';

/**
 * The sign-in limits. Failures are counted three ways, and a lock on any of them refuses the attempt
 * (429, before the password is even checked):
 * - per account and client (one guesser at one account): locks after 5 failures;
 * - per account from anywhere (many guessers at one account): locks after 20;
 * - per client, whatever the account (one guesser trying many accounts): locks after 50.
 * Locks start at 30 s / 60 s, double with each failure after, and are capped (15 min for an account, 1 h
 * for a client), so a stranger can keep an account locked for at most 15 minutes after their last
 * failure, and only from everywhere once 20 failures came from other clients than the owner's.
 * Unknown addresses are counted exactly like real ones, so the answers say nothing about existence.
 */
export const SIGN_IN_RULES = {
  accountClient: { lockAfter: 5, baseLockSeconds: 30, maxLockSeconds: 15 * 60, forgetAfterSeconds: 60 * 60 },
  account: { lockAfter: 20, baseLockSeconds: 60, maxLockSeconds: 15 * 60, forgetAfterSeconds: 60 * 60 },
  client: { lockAfter: 50, baseLockSeconds: 60, maxLockSeconds: 60 * 60, forgetAfterSeconds: 60 * 60 },
  /** E-mailed sign-in links asked for one address (every request counts): stops mail-bombing a person. */
  linkAccount: { lockAfter: 5, baseLockSeconds: 60, maxLockSeconds: 60 * 60, forgetAfterSeconds: 60 * 60 },
} as const satisfies Record<string, ThrottleRule>;

/** Milliseconds a counter with `failures` failures is locked for under `rule` (0: not locked). */
export function lockMs(failures: number, rule: ThrottleRule): number {
  if (failures < rule.lockAfter) return 0;
  const doublings = Math.min(failures - rule.lockAfter, 30);
  return Math.min(rule.baseLockSeconds * 2 ** doublings, rule.maxLockSeconds) * 1000;
}

/**
 * The client part of a key: an IPv4 address, or the /64 of an IPv6 address (one subscriber usually has
 * a whole /64, so counting single IPv6 addresses would count nothing).
 */
export function clientKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (v4) return v4[1]!;
  if (!ip.includes(':')) return ip.slice(0, 64);
  const [head = '', tail = ''] = ip.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

const accountKey = (email: string): string => sha256Hex(email.trim().toLowerCase());

/** The counters a password sign-in touches. Addresses are hashed: the counter store holds no e-mail. */
export function passwordKeys(email: string, ip: string | undefined) {
  const account = accountKey(email);
  const client = clientKey(ip);
  return {
    entries: [
      { key: `pw:ac:${sha256Hex(`${account}\n${client}`)}`, rule: SIGN_IN_RULES.accountClient },
      { key: `pw:a:${account}`, rule: SIGN_IN_RULES.account },
      { key: `pw:c:${client}`, rule: SIGN_IN_RULES.client },
    ],
    /** A success forgets the account's failures, never the client's (else signing in to one's own account would reset a guesser's count). */
    clearedOnSuccess: [`pw:ac:${sha256Hex(`${account}\n${client}`)}`, `pw:a:${account}`],
  };
}

export function linkRequestKeys(email: string) {
  return [{ key: `link:a:${accountKey(email)}`, rule: SIGN_IN_RULES.linkAccount }];
}

/** 429 with the seconds to wait (the HTTP adapter sends them as Retry-After). Worded the same for every account. */
export function tooManyAttempts(untilMs: number, nowMs: number): AppError {
  return new AppError('rate-limited', 'too many attempts; wait before trying again', { retryAfterSeconds: Math.max(1, Math.ceil((untilMs - nowMs) / 1000)) });
}

/** Refuse while any of these keys is locked. */
export async function assertNotLocked(throttle: SignInThrottle, keys: readonly string[], nowMs: number): Promise<void> {
  const until = await throttle.lockedUntil(keys, nowMs);
  if (until > nowMs) throw tooManyAttempts(until, nowMs);
}

/**
 * The counters a second-factor attempt touches (a TOTP or recovery code at sign-in, at step-up, when
 * enrolling): per account and client, and per account from anywhere, under the password rules. With
 * three codes right at any moment in a million, 5 guesses before a lock that doubles keep a guesser at
 * odds far below one in a million a day.
 */
export function secondFactorKeys(userId: string, ip: string | undefined) {
  const client = clientKey(ip);
  const entries = [
    { key: `mfa:ac:${sha256Hex(`${userId}\n${client}`)}`, rule: SIGN_IN_RULES.accountClient },
    { key: `mfa:a:${sha256Hex(userId)}`, rule: SIGN_IN_RULES.account },
  ];
  return { entries, clearedOnSuccess: entries.map((e) => e.key) };
}
