import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { StoredPasskey, WebAuthnRelyingParty } from '../../domain/mfa/ports.js';

export interface RelyingPartyConfig {
  /** The RP id: this site's host name (or a registrable suffix of it). */
  rpId: string;
  rpName: string;
  /** Origins a browser may answer from (this site's). */
  origins: string[];
}

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const fromB64url = (text: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(text, 'base64url'));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const descriptor = (p: StoredPasskey) => ({ id: p.id, transports: p.transports as AuthenticatorTransportFuture[] });

/** The WebAuthn relying party on `@simplewebauthn/server`: any malformed or unverifiable response is null. */
export function simpleWebAuthnRelyingParty(config: RelyingPartyConfig): WebAuthnRelyingParty {
  const expected = { expectedOrigin: config.origins, expectedRPID: config.rpId };
  return {
    async registrationOptions({ userId, userName, displayName, exclude }) {
      const options = await generateRegistrationOptions({
        rpName: config.rpName,
        rpID: config.rpId,
        userName,
        userDisplayName: displayName,
        userID: new TextEncoder().encode(userId),
        attestationType: 'none',
        excludeCredentials: exclude.map(descriptor),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
      });
      return { options, challenge: options.challenge };
    },
    async verifyRegistration({ response, challenge }) {
      try {
        const result = await verifyRegistrationResponse({ response: response as RegistrationResponseJSON, expectedChallenge: challenge, ...expected, requireUserVerification: false });
        if (!result.verified) return null;
        const { credential, credentialDeviceType, credentialBackedUp } = result.registrationInfo;
        return { id: credential.id, publicKey: b64url(credential.publicKey), counter: credential.counter, transports: credential.transports ?? [], deviceType: credentialDeviceType, backedUp: credentialBackedUp };
      } catch {
        return null;
      }
    },
    async authenticationOptions({ allow, userVerification }) {
      const options = await generateAuthenticationOptions({ rpID: config.rpId, allowCredentials: allow.map(descriptor), userVerification });
      return { options, challenge: options.challenge };
    },
    credentialIdOf(response) {
      return isObject(response) && typeof response.id === 'string' && /^[A-Za-z0-9_-]{1,1400}$/.test(response.id) ? response.id : null;
    },
    async verifyAuthentication({ response, challenge, passkey, requireUserVerification }) {
      try {
        const result = await verifyAuthenticationResponse({
          response: response as AuthenticationResponseJSON,
          expectedChallenge: challenge,
          ...expected,
          credential: { id: passkey.id, publicKey: fromB64url(passkey.publicKey), counter: passkey.counter, transports: passkey.transports as AuthenticatorTransportFuture[] },
          requireUserVerification,
        });
        return result.verified ? { newCounter: result.authenticationInfo.newCounter } : null;
      } catch {
        return null;
      }
    },
  };
}
