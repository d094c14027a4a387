import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashIdentity, identityMatches, normaliseIdentity } from './index.js';
import { webCryptoSha256Hex } from './hash-identity.js';

describe('identity hashing', () => {
  it('matches sha256 of identity+salt as OB 2.0 specifies', async () => {
    const expected = createHash('sha256').update('alice@example.org' + 'deadbeef').digest('hex');
    expect(await hashIdentity('alice@example.org', 'deadbeef')).toBe(`sha256$${expected}`);
  });

  it('hashes the same UTF-8 bytes on the WebCrypto path (browsers) as on the Node path', async () => {
    for (const [identity, salt] of [['alice@example.org', 'deadbeef'], ['zoë@exämple.org', 'ß∂ƒ'], ['+15550102030', ''], ['\u{1F600}@x.org', 'a\uD800b']]) {
      expect(await hashIdentity(identity!, salt!)).toBe(`sha256$${await webCryptoSha256Hex(identity! + salt!)}`);
    }
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
