import { checkReason, identityMatches, type JsonObject, type RecipientType } from '@laurel/core';
import { asArray, isObject } from './json.js';
import type { RecipientFinding } from './ports.js';

interface StoredIdentity {
  type: RecipientType;
  identity: string;
  hashed: boolean;
  salt?: string | undefined;
}

/** OB 2.0 `recipient.type` and OB 3.0 `identityType` values, mapped to how the identity is normalised. */
function recipientType(declared: unknown): RecipientType {
  const t = String(declared ?? '').toLowerCase().replace(/^ext:/, '');
  if (t === 'email' || t === 'emailaddress') return 'email';
  if (t === 'telephone' || t === 'phone' || t === 'phonenumber') return 'telephone';
  return 'url';
}

function fromOb2(assertion: JsonObject): StoredIdentity[] {
  const r = assertion.recipient;
  if (!isObject(r) || typeof r.identity !== 'string') return [];
  return [{ type: recipientType(r.type), identity: r.identity, hashed: r.hashed === true, salt: typeof r.salt === 'string' ? r.salt : undefined }];
}

function fromOb3(credential: JsonObject): StoredIdentity[] {
  const found: StoredIdentity[] = [];
  for (const subject of asArray(credential.credentialSubject).filter(isObject)) {
    if (typeof subject.id === 'string') found.push({ type: 'url', identity: subject.id, hashed: false });
    for (const id of asArray(subject.identifier).filter(isObject)) {
      if (typeof id.identityHash !== 'string') continue;
      const salt = typeof id.salt === 'string' ? id.salt : undefined;
      found.push({ type: recipientType(id.identityType), identity: id.identityHash, hashed: id.hashed === true, salt });
    }
  }
  return found;
}

/**
 * Was the badge awarded to `candidate` (an email address, URL, DID or telephone number)? Compares
 * with every recipient identity the badge names, hashed (`sha256$…` with its salt) or plaintext.
 */
export async function checkRecipient(credential: JsonObject | undefined, candidate: string): Promise<RecipientFinding> {
  if (!credential) return { checked: false, matches: false, ...checkReason('recipient-no-badge', 'no badge could be read to compare with') };
  const identities = 'recipient' in credential && !('credentialSubject' in credential) ? fromOb2(credential) : fromOb3(credential);
  if (identities.length === 0) return { checked: false, matches: false, ...checkReason('recipient-no-identity', 'the badge names no recipient identity') };
  const recipient = candidate.trim();
  for (const stored of identities) {
    if (await identityMatches(stored.type, candidate, stored)) {
      const why = stored.hashed
        ? checkReason('recipient-matches-hashed', `awarded to ${recipient} (hashed identity matches)`, { recipient })
        : checkReason('recipient-matches', `awarded to ${recipient}`, { recipient });
      return { checked: true, matches: true, ...why };
    }
  }
  return { checked: true, matches: false, ...checkReason('recipient-not-matching', `not awarded to ${recipient}`, { recipient }) };
}
