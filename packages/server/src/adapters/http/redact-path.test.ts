import { describe, expect, it } from 'vitest';
import { redactPath } from './redact-path.js';

describe('redactPath', () => {
  it('hides the handle of an OAuth consent request, on its page and in its API, and every query string', () => {
    expect(redactPath('/connect/laz_abcdef?x=1')).toBe('/connect/[redacted]');
    expect(redactPath('/api/v1/me/authorizations/laz_abcdef')).toBe('/api/v1/me/authorizations/[redacted]');
    expect(redactPath('/oauth/authorize?client_id=a&code_challenge=b&state=c')).toBe('/oauth/authorize');
    expect(redactPath('/api/v1/me/connected-apps')).toBe('/api/v1/me/connected-apps');
    expect(redactPath('/claim/tok')).toBe('/claim/[redacted]');
  });

  it('hides the token of a wallet exchange (the Learner Credential Wallet’s vc_request_url)', () => {
    expect(redactPath('/exchanges/abcdefghijklmnop')).toBe('/exchanges/[redacted]');
    expect(redactPath('/api/v1/claims/tok/wallet-exchange')).toBe('/api/v1/claims/[redacted]/wallet-exchange');
  });
});
