import type { Deps } from '../deps.js';
import { sha256Hex } from '../shared/hash.js';
import type { Repositories } from '../shared/store.js';

export const RECOVERY_CODE_COUNT = 10;
// 32 letters and digits that are not mistaken for one another (no l, o, 0, 1): 5 bits each.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const CODE_LENGTH = 12; // 60 bits

/** A code as typed: case, spaces and dashes do not matter. */
export const normaliseRecoveryCode = (code: string): string => code.toLowerCase().replace(/[\s-]/g, '');
export const hashRecoveryCode = (code: string): string => sha256Hex(`laurel-recovery:${normaliseRecoveryCode(code)}`);

function newCode(random: Deps['random']): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[random.int(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/**
 * Ten fresh single-use codes replace the user's earlier ones; only their hashes are kept, so they are shown
 * once, now. (60 random bits each, and every guess goes through the second-factor throttle.)
 */
export async function issueRecoveryCodes(deps: Pick<Deps, 'random' | 'ids' | 'clock'>, tx: Pick<Repositories, 'mfa'>, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => newCode(deps.random));
  await tx.mfa.replaceRecoveryCodes(userId, codes.map((c) => ({ id: deps.ids.id(), hash: hashRecoveryCode(c) })), deps.clock.now().toISOString());
  return codes;
}
