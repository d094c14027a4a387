import { createHash } from 'node:crypto';

/**
 * The opaque key of a recipient within an organisation: what the recipient directory puts in URLs instead
 * of an e-mail address. Stable (the same recipient always has the same key), distinct per organisation.
 * The storage migration that backfilled existing credentials holds a frozen copy of this rule.
 */
export function recipientKey(orgId: string, type: string, identity: string): string {
  return createHash('sha256').update(`laurel-recipient\n${orgId}\n${type}\n${identity}`).digest('base64url').slice(0, 32);
}
