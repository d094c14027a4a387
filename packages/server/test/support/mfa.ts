import { generateSync } from 'otplib';
import { expect } from 'vitest';
import { PASSWORD } from './test-app.js';
import type { TestBrowser } from './browser.js';

/** The code an authenticator app shows at `ms` (otplib, not Laurel's code). */
export const totpAt = (secret: string, ms: number): string => generateSync({ secret, epoch: Math.floor(ms / 1000) });

/** Sign in with the password; returns the answer (200: a session; 202: the second factor is asked). */
export async function passwordSignIn(browser: TestBrowser, email: string, password = PASSWORD) {
  return browser.post('/api/v1/session', { email, password });
}

/** Add an authenticator app to the signed-in browser's account; returns its secret and the recovery codes. */
export async function enrolTotp(browser: TestBrowser, nowMs: () => number): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await browser.post('/api/v1/me/mfa/totp');
  expect(started.statusCode, started.body).toBe(201);
  const { secret } = started.json() as { secret: string };
  const confirmed = await browser.post('/api/v1/me/mfa/totp/confirm', { code: totpAt(secret, nowMs()) });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  return { secret, recoveryCodes: confirmed.json().recoveryCodes };
}
