import { describe, expect, it } from 'vitest';
import { emailVerifiedOf } from './openid-client-rp.js';

describe('whether an OpenID Provider vouches for the address', () => {
  it('takes only a literal true, and Microsoft’s xms_edov from Microsoft only', () => {
    expect(emailVerifiedOf('https://accounts.google.com', { email_verified: true })).toBe(true);
    expect(emailVerifiedOf('https://accounts.google.com', { email_verified: 'true' })).toBe(false);
    expect(emailVerifiedOf('https://accounts.google.com', { xms_edov: true })).toBe(false);
    expect(emailVerifiedOf('https://login.microsoftonline.com/common/v2.0', { xms_edov: true })).toBe(true);
    expect(emailVerifiedOf('https://login.microsoftonline.com/common/v2.0', { xms_edov: 'true' })).toBe(false);
    expect(emailVerifiedOf('https://login.microsoftonline.com/common/v2.0', { email_verified: false, xms_edov: true })).toBe(false);
    expect(emailVerifiedOf('https://login.microsoftonline.com.evil.example/v2.0', { xms_edov: true })).toBe(false);
  });
});
