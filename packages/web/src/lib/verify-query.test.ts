import { describe, expect, it } from 'vitest';
import { verifyLinkFromQuery } from './verify-query';

describe('the /verify?url=… link (credential pages, e-mails and the PDF QR code)', () => {
  it('reads the credential URL to prefill and verify at once', () => {
    const ob3 = 'https://laurel.example/ob3/credentials/abc-123';
    expect(verifyLinkFromQuery(`?url=${encodeURIComponent(ob3)}`)).toBe(ob3);
    expect(verifyLinkFromQuery('?url=https%3A%2F%2Flaurel.example%2Fcredentials%2Fx%3Fa%3D1%26b%3D2')).toBe('https://laurel.example/credentials/x?a=1&b=2');
    expect(verifyLinkFromQuery(`?url=${encodeURIComponent(`  ${ob3}\n`)}`)).toBe(ob3);
  });

  it('ignores a missing, empty, non-web or oversized link: the form stays blank and nothing is sent', () => {
    expect(verifyLinkFromQuery('')).toBeNull();
    expect(verifyLinkFromQuery('?url=')).toBeNull();
    expect(verifyLinkFromQuery('?other=https://x.example/')).toBeNull();
    expect(verifyLinkFromQuery('?url=javascript%3Aalert(1)')).toBeNull();
    expect(verifyLinkFromQuery('?url=data%3Atext%2Fhtml%2C%3Cscript%3E')).toBeNull();
    expect(verifyLinkFromQuery('?url=file%3A%2F%2F%2Fetc%2Fpasswd')).toBeNull();
    expect(verifyLinkFromQuery('?url=not%20a%20url')).toBeNull();
    expect(verifyLinkFromQuery(`?url=${encodeURIComponent(`https://x.example/${'a'.repeat(5000)}`)}`)).toBeNull();
  });
});
