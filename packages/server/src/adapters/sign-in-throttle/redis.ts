import type { Redis } from 'ioredis';
import type { SignInThrottle, ThrottleRule } from '../../domain/sessions/ports.js';
import { memorySignInThrottle } from './memory.js';

// One failure on each key, atomically: count, lock per the rule (the same formula as lockMs), expire.
// KEYS: the counters; ARGV: now, then per key lockAfter, baseMs, maxMs, forgetMs.
const RECORD_FAILURE = `
local now = tonumber(ARGV[1])
local latest = 0
for i, key in ipairs(KEYS) do
  local o = 1 + (i - 1) * 4
  local lockAfter, baseMs, maxMs, forgetMs = tonumber(ARGV[o + 1]), tonumber(ARGV[o + 2]), tonumber(ARGV[o + 3]), tonumber(ARGV[o + 4])
  local failures = redis.call('HINCRBY', key, 'f', 1)
  local untilMs = tonumber(redis.call('HGET', key, 'u') or '0')
  if failures >= lockAfter then
    local lock = math.min(baseMs * math.pow(2, math.min(failures - lockAfter, 30)), maxMs)
    if now + lock > untilMs then
      untilMs = now + lock
      redis.call('HSET', key, 'u', string.format('%d', untilMs))
    end
  end
  redis.call('PEXPIRE', key, math.max(forgetMs, untilMs - now))
  if untilMs > now and untilMs > latest then latest = untilMs end
end
return string.format('%d', latest)
`;

// The latest lock end among KEYS that is after ARGV[1], or 0.
const LOCKED_UNTIL = `
local now = tonumber(ARGV[1])
local latest = 0
for _, key in ipairs(KEYS) do
  local u = tonumber(redis.call('HGET', key, 'u') or '0')
  if u > now and u > latest then latest = u end
end
return string.format('%d', latest)
`;

/**
 * Sign-in counters in Redis, shared by every instance of a cluster. Counters hold no e-mail (keys are
 * hashes) and expire on their own. Should Redis fail, counting goes on in this process's memory
 * rather than either letting every guess through or refusing every sign-in.
 */
export function redisSignInThrottle(redis: Redis, options: { prefix?: string; onError?: (error: unknown) => void } = {}): SignInThrottle {
  const prefix = options.prefix ?? 'laurel-signin:';
  const fallback = memorySignInThrottle();
  const keysOf = (keys: readonly string[]) => keys.map((k) => prefix + k);
  const orFallback = async <T>(run: () => Promise<T>, fall: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      options.onError?.(error);
      return fall();
    }
  };
  const ruleArgs = (rule: ThrottleRule) => [rule.lockAfter, rule.baseLockSeconds * 1000, rule.maxLockSeconds * 1000, rule.forgetAfterSeconds * 1000];
  return {
    lockedUntil: (keys, nowMs) =>
      orFallback(
        async () => Math.max(Number(await redis.eval(LOCKED_UNTIL, keys.length, ...keysOf(keys), nowMs)), await fallback.lockedUntil(keys, nowMs)),
        () => fallback.lockedUntil(keys, nowMs),
      ),
    recordFailure: (entries, nowMs) =>
      orFallback(
        async () => Number(await redis.eval(RECORD_FAILURE, entries.length, ...keysOf(entries.map((e) => e.key)), nowMs, ...entries.flatMap((e) => ruleArgs(e.rule)))),
        () => fallback.recordFailure(entries, nowMs),
      ),
    clear: (keys) =>
      orFallback(
        async () => {
          if (keys.length > 0) await redis.del(...keysOf(keys));
          await fallback.clear(keys);
        },
        () => fallback.clear(keys),
      ),
  };
}
