import { sha256Hex } from '../shared/hash.js';
import type { IdGenerator } from '../shared/ports.js';

/** API keys look like `lrl_<8 hex prefix>_<secret>`; only their sha256 is stored. */
export function mintApiKey(ids: IdGenerator): { secret: string; prefix: string; hash: string } {
  const prefix = `lrl_${ids.token(4).replace(/[^a-zA-Z0-9]/g, 'x').slice(0, 6)}`;
  const secret = `${prefix}_${ids.token(32)}`;
  return { secret, prefix, hash: sha256Hex(secret) };
}

export const looksLikeApiKey = (value: string): boolean => /^lrl_[A-Za-z0-9]{4,}_[A-Za-z0-9_-]{20,}$/.test(value);
