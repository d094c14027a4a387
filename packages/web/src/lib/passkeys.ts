import { startAuthentication, startRegistration } from '@simplewebauthn/browser';

/**
 * The browser's side of WebAuthn through @simplewebauthn/browser: options from the server in, the
 * credential's JSON out (the server verifies it). A cancelled or impossible request rejects.
 */
export const createPasskey = (options: unknown) => startRegistration({ optionsJSON: options as Parameters<typeof startRegistration>[0]['optionsJSON'] });
export const provePasskey = (options: unknown) => startAuthentication({ optionsJSON: options as Parameters<typeof startAuthentication>[0]['optionsJSON'] });

/** Passkey errors from the browser (cancelled, timed out, not allowed) are not API errors. */
export const isPasskeyError = (error: unknown): boolean => error instanceof Error && error.name !== 'ApiError';
