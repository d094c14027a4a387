import { createHash, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../shared/hash.js';
import type { IdGenerator } from '../shared/ports.js';

/**
 * Everything the authorization server hands out is a random 256-bit string with a prefix saying what it
 * is (so secret scanners and people recognise them): only its sha256 is stored.
 */
export const TOKEN_PREFIX = {
  machineClient: 'lmc_',
  registeredClient: 'lrc_',
  clientSecret: 'lcs_',
  accessToken: 'lat_',
  refreshToken: 'lrt_',
  code: 'lac_',
  authorization: 'laz_',
} as const;

export function mint(ids: IdGenerator, prefix: string, bytes = 32): { value: string; hash: string } {
  const value = `${prefix}${ids.token(bytes)}`;
  return { value, hash: sha256Hex(value) };
}

/** Compares a presented secret with a stored sha256 in constant time. */
export function secretMatches(presented: string, storedHash: string): boolean {
  const a = Buffer.from(sha256Hex(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** RFC 7636 §4.6, S256 only: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge. */
export function pkceMatches(verifier: string, challenge: string): boolean {
  if (!VERIFIER.test(verifier)) return false;
  const computed = Buffer.from(createHash('sha256').update(verifier, 'ascii').digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

/** A code challenge is the base64url of a sha256: 43 characters. */
export const isS256Challenge = (value: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(value);
