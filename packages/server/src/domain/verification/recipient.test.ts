import { hashIdentity } from '@laurel/core';
import { describe, expect, it } from 'vitest';
import { checkRecipient } from './recipient.js';

describe('checkRecipient', () => {
  it('compares OB 2.0 hashed and plaintext identities by their type', async () => {
    const hashed = { type: 'Assertion', badge: 'x', recipient: { type: 'email', hashed: true, salt: 's', identity: await hashIdentity('ada@example.org', 's') } };
    expect(await checkRecipient(hashed, ' Ada@Example.org')).toMatchObject({ checked: true, matches: true, code: 'recipient-matches-hashed', params: { recipient: 'Ada@Example.org' } });
    expect(await checkRecipient(hashed, 'bob@example.org')).toMatchObject({ checked: true, matches: false, code: 'recipient-not-matching', params: { recipient: 'bob@example.org' } });
    const plain = { type: 'Assertion', badge: 'x', recipient: { type: 'url', hashed: false, identity: 'https://ada.example/me' } };
    expect(await checkRecipient(plain, 'https://ada.example/me')).toMatchObject({ matches: true, code: 'recipient-matches' });
  });

  it('compares OB 3.0 identifiers (hashed emailAddress, ext: types) and the subject id', async () => {
    const credential = {
      credentialSubject: {
        id: 'did:example:ada',
        identifier: [{ type: 'IdentityObject', identityType: 'ext:telephone', hashed: true, salt: 'p', identityHash: await hashIdentity('+15550102030', 'p') }],
      },
    };
    expect(await checkRecipient(credential, 'did:example:ada')).toMatchObject({ matches: true });
    expect(await checkRecipient(credential, '+1 (555) 010-2030')).toMatchObject({ matches: true });
    expect(await checkRecipient(credential, 'ada@example.org')).toMatchObject({ checked: true, matches: false });
    expect(await checkRecipient({ credentialSubject: {} }, 'ada@example.org')).toMatchObject({ checked: false, matches: false, code: 'recipient-no-identity' });
    expect(await checkRecipient(undefined, 'ada@example.org')).toMatchObject({ checked: false, code: 'recipient-no-badge' });
  });
});
