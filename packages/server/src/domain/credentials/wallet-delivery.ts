import type { Deps } from '../deps.js';
import type { Achievement } from '../achievements/ports.js';
import type { Issuer } from '../issuers/ports.js';
import type { AuditEntry } from '../shared/audit.js';
import { effectiveStatus } from './effective-status.js';
import type { Credential } from './ports.js';

/** What a holder-bound copy of an award is signed from, or why the award can no longer go to a wallet. */
export type Deliverable = { issuer: Issuer; achievement: Achievement } | { refused: string };

/**
 * Whether an award may still be handed to a wallet (OpenID4VCI or a VC-API exchange), and its issuer and
 * achievement if so: a revoked or suspended award, or one whose issuer or achievement is gone, is refused.
 * Each protocol answers a refusal with its own error.
 */
export async function deliverable(deps: Pick<Deps, 'store'>, orgId: string, credential: Credential, now: Date): Promise<Deliverable> {
  const status = effectiveStatus(credential, now);
  if (status === 'revoked' || status === 'suspended') return { refused: `the credential is ${status}` };
  const [issuer, achievement] = await Promise.all([deps.store.issuers.findById(orgId, credential.issuerId), deps.store.achievements.findById(orgId, credential.achievementId)]);
  if (!issuer || !achievement) return { refused: 'the credential can no longer be issued' };
  return { issuer, achievement };
}

/** The audit entry of a copy handed to a wallet: the system acts (a holder proved a key; nobody signed in). */
export function walletDeliveryEntry(id: string, orgId: string, credentialId: string, details: Record<string, unknown>, at: string): AuditEntry {
  return {
    id,
    orgId,
    actorType: 'system',
    actorId: null,
    action: 'credential.wallet-delivery',
    targetType: 'credential',
    targetId: credentialId,
    ip: null,
    requestId: null,
    details,
    createdAt: at,
  };
}
