import * as OTPAuth from 'otpauth';
import type { TotpAlgorithm } from '../../domain/mfa/ports.js';

const PARAMS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;

/** RFC 6238 with `otpauth`: SHA-1, 6 digits, 30-second steps (what authenticator apps expect), one step of drift either side. */
export const otpauthTotp: TotpAlgorithm = {
  newSecret: () => new OTPAuth.Secret({ size: 20 }).base32,
  uri: ({ secret, account, issuer }) => new OTPAuth.TOTP({ ...PARAMS, issuer, label: account, secret: OTPAuth.Secret.fromBase32(secret) }).toString(),
  match(secret, code, now) {
    const token = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(token)) return null;
    const totp = new OTPAuth.TOTP({ ...PARAMS, secret: OTPAuth.Secret.fromBase32(secret) });
    const timestamp = now.getTime();
    const delta = totp.validate({ token, timestamp, window: 1 });
    return delta === null ? null : totp.counter({ timestamp }) + delta;
  },
};
