import type { CredentialStatus } from '@laurel/core';
import type { Credential } from './ports.js';

/** What a viewer should see: revocation and suspension win, then expiry at `now`. */
export function effectiveStatus(credential: Pick<Credential, 'status' | 'expiresAt'>, now: Date): CredentialStatus {
  if (credential.status !== 'active') return credential.status;
  if (credential.expiresAt && Date.parse(credential.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}
