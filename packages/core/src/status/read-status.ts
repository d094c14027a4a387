import type { JsonObject } from '../contexts/bundled.js';
import { decodeBitstring } from './bitstring.js';
import { StatusListError } from './errors.js';
import { readStatusValue } from './status-message.js';

/** Status entry types this library reads from `credentialStatus`. */
export const LIST_ENTRY_TYPES = ['BitstringStatusListEntry', 'StatusList2021Entry'] as const;
export const REVOCATION_LIST_TYPE = '1EdTechRevocationList';

export interface StatusEntryRef {
  type: (typeof LIST_ENTRY_TYPES)[number];
  purpose: string;
  index: number;
  listCredential: string;
  /** Bits per entry (`statusSize`, 1 when absent). */
  size: number;
  /** `statusMessage`: what each value means (required when `size` > 1). */
  messages?: Array<{ status: number; message: string }> | undefined;
}

/** Entries of more bits are refused (the recommendation's examples stop at 8; a list must stay bounded). */
const MAX_STATUS_SIZE = 8;

function parseMessages(raw: unknown, size: number): StatusEntryRef['messages'] {
  if (raw === undefined) {
    if (size > 1) throw new StatusListError('invalid-list', 'an entry of more than one bit needs statusMessage');
    return undefined;
  }
  if (!Array.isArray(raw) || raw.length > 2 ** size) throw new StatusListError('invalid-list', `statusMessage must be an array of at most ${2 ** size} items`);
  const messages = raw.map((m) => {
    const item = m as JsonObject | undefined;
    if (typeof item?.status !== 'string' || !/^0x[0-9a-f]+$/i.test(item.status) || typeof item.message !== 'string') {
      throw new StatusListError('invalid-list', 'each statusMessage needs a hexadecimal status ("0x…") and a message');
    }
    return { status: Number.parseInt(item.status.slice(2), 16), message: item.message };
  });
  if (size > 1 && messages.length !== 2 ** size) throw new StatusListError('invalid-list', `statusMessage must name all ${2 ** size} values of a ${size}-bit entry`);
  return messages;
}

function types(value: unknown): string[] {
  const t = (value as JsonObject | undefined)?.type;
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string');
}

/** Parses a BitstringStatusListEntry / StatusList2021Entry (index given as string or number). */
export function parseListEntry(entry: unknown): StatusEntryRef {
  const e = entry as JsonObject;
  const type = types(e).find((t): t is StatusEntryRef['type'] => (LIST_ENTRY_TYPES as readonly string[]).includes(t));
  if (!type) throw new StatusListError('invalid-list', `Unsupported status entry type ${types(e).join(',') || '(none)'}`);
  const raw = e.statusListIndex;
  const index = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(index)) throw new StatusListError('invalid-list', 'statusListIndex must be a non-negative integer');
  if (typeof e.statusListCredential !== 'string') throw new StatusListError('invalid-list', 'statusListCredential must be a URL');
  const purpose = typeof e.statusPurpose === 'string' ? e.statusPurpose : 'revocation';
  const size = e.statusSize === undefined ? 1 : e.statusSize;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAX_STATUS_SIZE) {
    throw new StatusListError('invalid-list', `statusSize must be an integer from 1 to ${MAX_STATUS_SIZE}`);
  }
  return { type, purpose, index, listCredential: e.statusListCredential, size, messages: parseMessages(e.statusMessage, size) };
}

/**
 * Reads the entry's bit from a (already verified) BitstringStatusListCredential or
 * StatusList2021Credential. Checks that the list's purpose matches the entry's.
 */
export function readStatusBit(listCredential: unknown, entry: StatusEntryRef): boolean {
  return readStatusEntryValue(listCredential, entry) !== 0;
}

/**
 * The entry's value (its `size` bits at `index * size`) in an already verified list credential.
 * Checks that the list's purpose matches the entry's.
 */
export function readStatusEntryValue(listCredential: unknown, entry: StatusEntryRef): number {
  const subject = (listCredential as JsonObject | undefined)?.credentialSubject as JsonObject | undefined;
  const subjectTypes = types(subject);
  if (!subjectTypes.includes('BitstringStatusList') && !subjectTypes.includes('StatusList2021')) {
    throw new StatusListError('invalid-list', 'Not a BitstringStatusList or StatusList2021 credential');
  }
  const listPurposes = subject?.statusPurpose;
  const purposes = Array.isArray(listPurposes) ? listPurposes : [listPurposes];
  if (!purposes.includes(entry.purpose)) {
    throw new StatusListError('invalid-list', `List purpose ${String(listPurposes)} does not match entry purpose ${entry.purpose}`);
  }
  if (typeof subject?.encodedList !== 'string') throw new StatusListError('invalid-list', 'encodedList is missing');
  return readStatusValue(decodeBitstring(subject.encodedList), entry.index, entry.size);
}

export interface RevocationFinding {
  revoked: boolean;
  reason?: string | undefined;
}

/**
 * 1EdTech Revocation List (`1EdTechRevocationList`): the credential is revoked when its id is in
 * `revokedCredentials` and that item's `revoked` is true or omitted.
 */
export function read1EdTechRevocationList(list: unknown, credentialId: string): RevocationFinding {
  const items = (list as JsonObject | undefined)?.revokedCredentials;
  if (items !== undefined && !Array.isArray(items)) throw new StatusListError('invalid-list', 'revokedCredentials must be an array');
  for (const item of (items ?? []) as JsonObject[]) {
    if (item?.id === credentialId && (item.revoked === undefined || item.revoked === true)) {
      return { revoked: true, reason: typeof item.revocationReason === 'string' ? item.revocationReason : undefined };
    }
  }
  return { revoked: false };
}
