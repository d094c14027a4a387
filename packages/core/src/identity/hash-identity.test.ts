import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashIdentity, identityMatches, normaliseIdentity } from './index.js';

describe('identity hashing', () => {
  it('matches sha256 of identity+salt as OB 2.0 specifies', async () => {
    const expected = createHash('sha256').update('alice@example.org' + 'deadbeef').digest('hex');
    expect(await hashIdentity('alice@example.org', 'deadbeef')).toBe(`sha256$${expected}`);
  });

  it('normalises email case and phone punctuation', () => {
    expect(normaliseIdentity('email', ' Alice@Example.ORG ')).toBe('alice@example.org');
    expect(normaliseIdentity('telephone', '+1 (555) 010-2030')).toBe('+15550102030');
  });

  it('compares a plaintext candidate with a stored hash', async () => {
    const identity = await hashIdentity('bob@example.org', 's4lt');
    const stored = { identity, hashed: true, salt: 's4lt' };
    expect(await identityMatches('email', 'BOB@example.org', stored)).toBe(true);
    expect(await identityMatches('email', 'eve@example.org', stored)).toBe(false);
    expect(await identityMatches('email', 'bob@example.org', { ...stored, identity: identity.replace('sha256', 'md5') })).toBe(false);
  });
});
