import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { isAppError } from '../shared/errors.js';
import { verifyStandardWebhook } from './verify-signature.js';

/** Signatures made by the `standardwebhooks` package (the reference implementation), checked by ours. */
describe('Standard Webhooks verification against the reference package', () => {
  const secret = 'whsec_' + Buffer.alloc(32, 9).toString('base64');
  const now = new Date('2026-12-07T12:00:00Z');
  const body = '{"id":"e1","type":"t"}';
  const headers = (at = now, key = secret, payload = body, id = 'msg_1') => ({
    'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(key).sign(id, at, payload),
  });
  const refusal = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return isAppError(e) ? e.code : 'other';
    }
    return 'accepted';
  };

  it('accepts the reference signature, also among several (key rotation)', () => {
    expect(verifyStandardWebhook(secret, headers(), body, now)).toBe('msg_1');
    const other = headers(now, 'whsec_' + Buffer.alloc(32, 1).toString('base64'));
    const both = { ...other, 'webhook-signature': `${other['webhook-signature']} ${headers()['webhook-signature']}` };
    expect(verifyStandardWebhook(secret, both, body, now)).toBe('msg_1');
    // And the reference package accepts what it signs with our clock's view (sanity of the fixture).
    expect(() => new Webhook(secret).verify(body, headers(new Date()))).not.toThrow();
  });

  it('refuses another key, another body, another id, a stale or future timestamp, missing headers, other versions', () => {
    const h = headers();
    expect(refusal(() => verifyStandardWebhook(secret, headers(now, 'whsec_' + Buffer.alloc(32, 1).toString('base64')), body, now))).toBe('event-signature-invalid');
    expect(refusal(() => verifyStandardWebhook(secret, h, body + ' ', now))).toBe('event-signature-invalid');
    expect(refusal(() => verifyStandardWebhook(secret, { ...h, 'webhook-id': 'msg_2' }, body, now))).toBe('event-signature-invalid');
    expect(refusal(() => verifyStandardWebhook(secret, headers(new Date(now.getTime() - 301_000)), body, now))).toBe('event-signature-invalid');
    expect(refusal(() => verifyStandardWebhook(secret, headers(new Date(now.getTime() + 301_000)), body, now))).toBe('event-signature-invalid');
    expect(refusal(() => verifyStandardWebhook(secret, headers(new Date(now.getTime() - 299_000)), body, now))).toBe('accepted');
    expect(refusal(() => verifyStandardWebhook(secret, { ...h, 'webhook-signature': undefined }, body, now))).toBe('event-signature-invalid');
    expect(refusal(() => verifyStandardWebhook(secret, { ...h, 'webhook-signature': h['webhook-signature'].replace('v1,', 'v2,') }, body, now))).toBe('event-signature-invalid');
    expect(refusal(() => verifyStandardWebhook(secret, { ...h, 'webhook-timestamp': '1e9' }, body, now))).toBe('event-signature-invalid');
    expect(refusal(() => verifyStandardWebhook(secret, { ...h, 'webhook-signature': 'v1,' }, body, now))).toBe('event-signature-invalid');
  });
});
