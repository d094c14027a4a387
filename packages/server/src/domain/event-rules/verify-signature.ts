import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../shared/errors.js';

/** Standard Webhooks: a timestamp further than this from our clock is refused (replay window). */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export interface SignatureHeaders {
  'webhook-id'?: string | undefined;
  'webhook-timestamp'?: string | undefined;
  'webhook-signature'?: string | undefined;
}

const refuse = (message: string) => new AppError('event-signature-invalid', message);

/**
 * Verifies a Standard Webhooks signature: `webhook-signature` holds one or more space-separated
 * `v1,<base64 HMAC-SHA256>` over `<webhook-id>.<webhook-timestamp>.<raw body>`, keyed with the base64
 * part of the `whsec_` secret; the timestamp (seconds) must be within five minutes of `now`.
 * Returns the `webhook-id`. Every failure is the same problem type, with a reason that names no secret.
 */
export function verifyStandardWebhook(secret: string, headers: SignatureHeaders, rawBody: string, now: Date): string {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) throw refuse('send webhook-id, webhook-timestamp and webhook-signature (Standard Webhooks), or an API credential');
  if (id.length > 256) throw refuse('webhook-id is too long');
  if (!/^[0-9]{1,12}$/.test(timestamp)) throw refuse('webhook-timestamp must be whole seconds since the epoch');
  const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
  if (skew > SIGNATURE_TOLERANCE_SECONDS) throw refuse('webhook-timestamp is more than five minutes from now: sign each delivery when you send it');
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest();
  const matches = signatures
    .split(' ')
    .slice(0, 10)
    .some((entry) => {
      const [version, value] = entry.split(',', 2);
      if (version !== 'v1' || !value) return false;
      const given = Buffer.from(value, 'base64');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  if (!matches) throw refuse('the signature does not match this body and this source\'s secret');
  return id;
}
