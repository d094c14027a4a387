import { describe, expect, it } from 'vitest';
import { otpauthTotp } from './otpauth-totp.js';

// RFC 6238 Appendix B, SHA-1: the seed "12345678901234567890" (base32 below); the reference values have
// 8 digits, authenticator apps show the last 6.
const SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238) through otpauth', () => {
  it.each(VECTORS)('at T=%i the code %s matches, in its own 30-second step', (seconds, code) => {
    expect(otpauthTotp.match(SEED, code.slice(2), new Date(seconds * 1000))).toBe(Math.floor(seconds / 30));
  });

  it('accepts one step of drift either side and no more', () => {
    const [seconds, code] = VECTORS[3]!;
    const step = Math.floor(seconds / 30);
    expect(otpauthTotp.match(SEED, code.slice(2), new Date((seconds + 30) * 1000))).toBe(step);
    expect(otpauthTotp.match(SEED, code.slice(2), new Date((seconds - 30) * 1000))).toBe(step);
    expect(otpauthTotp.match(SEED, code.slice(2), new Date((seconds + 61) * 1000))).toBeNull();
  });

  it('refuses what is not six digits, and the wrong code', () => {
    const at = new Date(59_000);
    for (const bad of ['', '28708', '2870822', 'abcdef', '287 08x', '94287082']) expect(otpauthTotp.match(SEED, bad, at)).toBeNull();
    expect(otpauthTotp.match(SEED, '287083', at)).toBeNull();
    expect(otpauthTotp.match(SEED, ' 287 082 ', at)).toBe(1);
  });

  it('makes 160-bit secrets and the otpauth:// URI apps scan', () => {
    const secret = otpauthTotp.newSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(otpauthTotp.uri({ secret, account: 'ada@example.org', issuer: 'Laurel' }));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Laurel');
    expect(uri.searchParams.get('digits')).toBe('6');
  });
});
