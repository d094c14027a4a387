import { describe, expect, it } from 'vitest';
import { linkedInAddToProfileUrl, shareLinks } from './share-links.js';

describe('share links', () => {
  it('builds LinkedIn "Add to profile" with months 1-12 in UTC and no expiry when there is none', () => {
    const url = new URL(
      linkedInAddToProfileUrl({ name: 'Rust & Go', organizationName: 'Acme', issuedOn: '2024-12-31T23:00:00-02:00', expiresAt: null, certUrl: 'https://b.example/credentials/1', certId: '1' }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: 'Rust & Go',
      organizationName: 'Acme',
      issueYear: '2025',
      issueMonth: '1',
      certUrl: 'https://b.example/credentials/1',
      certId: '1',
    });
  });

  it('encodes every share target', () => {
    const links = shareLinks({ url: 'https://b.example/c/1?x=1&y=2', text: 'I earned "Rust" & more', emailSubject: 'Rust from Acme', emailBody: 'See https://b.example/c/1?x=1&y=2' });
    expect(new URL(links.linkedIn).searchParams.get('url')).toBe('https://b.example/c/1?x=1&y=2');
    expect(new URL(links.x).searchParams.get('text')).toBe('I earned "Rust" & more');
    expect(new URL(links.facebook).searchParams.get('u')).toBe('https://b.example/c/1?x=1&y=2');
    expect(links.email).toBe('mailto:?subject=Rust%20from%20Acme&body=See%20https%3A%2F%2Fb.example%2Fc%2F1%3Fx%3D1%26y%3D2');
  });
});
