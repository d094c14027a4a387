import { createHash } from 'node:crypto';

/** sha256 hex of a secret (API keys, session tokens): what we store instead of the secret. */
export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Stable JSON (sorted keys) for request fingerprints. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
