import { MIN_STATUS_LIST_BITS, buildBitstringStatusListEntry, createBitstring, withBit, type JsonObject } from '@laurel/core';
import type { Deps } from '../deps.js';
import { AppError } from '../shared/errors.js';
import type { Repositories } from '../shared/store.js';
import { STATUS_PURPOSES, type StatusPurpose } from '../status/ports.js';

/** What a VC-API request asks for: `[{ type: 'BitstringStatusListEntry', statusPurpose }]`, or one such object. */
export interface RequestedStatus {
  purposes: StatusPurpose[];
  /** The caller sent one object rather than an array (the issued credential mirrors it when it can). */
  single: boolean;
}

const invalid = (path: string, message: string) => new AppError('validation', message, { fields: [{ path, message }] });

/**
 * The status purposes of a VC-API `credentialStatus` request (issue `options.credentialStatus`, or the
 * status endpoint's `credentialStatus`): BitstringStatusListEntry with purpose revocation or suspension,
 * each at most once. Anything else is refused, never ignored.
 */
export function parseRequestedStatus(value: unknown, path: string): RequestedStatus {
  const single = !Array.isArray(value);
  const items = single ? [value] : (value as unknown[]);
  const purposes: StatusPurpose[] = [];
  items.forEach((item, i) => {
    const at = single ? path : `${path}/${i}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw invalid(at, 'a status entry is an object { type, statusPurpose }');
    const entry = item as JsonObject;
    if (entry.type !== 'BitstringStatusListEntry') throw invalid(`${at}/type`, 'the only status method is BitstringStatusListEntry');
    const purpose = entry.statusPurpose;
    if (!STATUS_PURPOSES.includes(purpose as StatusPurpose)) throw invalid(`${at}/statusPurpose`, `statusPurpose must be one of ${STATUS_PURPOSES.join(', ')}`);
    if (purposes.includes(purpose as StatusPurpose)) throw invalid(`${at}/statusPurpose`, `statusPurpose ${String(purpose)} is repeated`);
    const extra = Object.keys(entry).filter((k) => k !== 'type' && k !== 'statusPurpose');
    if (extra.length > 0) throw invalid(`${at}/${extra[0]}`, 'the issuer chooses the list and the index; send only type and statusPurpose');
    purposes.push(purpose as StatusPurpose);
  });
  return { purposes, single };
}

/** The issuer's VC-API revocation and suspension lists, created on first need (inside the caller's transaction). */
export async function ensureVcStatusLists(deps: Pick<Deps, 'ids' | 'clock'>, tx: Repositories, orgId: string, issuerId: string): Promise<void> {
  const now = deps.clock.now().toISOString();
  await tx.vcStatus.ensureLists(
    STATUS_PURPOSES.map((purpose) => ({ id: deps.ids.id(), orgId, issuerId, purpose, size: MIN_STATUS_LIST_BITS, bits: createBitstring(), allocated: 0, updatedAt: now })),
  );
}

/** A free index of the issuer's VC-API lists, uniformly random (an index says nothing about issue order). */
export async function pickVcStatusIndex(deps: Pick<Deps, 'store' | 'random'>, issuerId: string): Promise<number> {
  const list = await deps.store.vcStatus.getList(issuerId, 'revocation');
  const size = list?.size ?? MIN_STATUS_LIST_BITS;
  for (let attempt = 0; attempt < 64; attempt++) {
    const index = deps.random.int(size);
    if (!(await deps.store.vcStatus.isIndexTaken(issuerId, index))) return index;
  }
  throw new AppError('invalid-state', "this issuer's VC-API status list is full");
}

/** The `credentialStatus` entries of a VC-API credential: one per purpose, all at the same index of the issuer's lists. */
export function vcStatusEntries(deps: Pick<Deps, 'urls'>, issuerId: string, keyId: string | undefined, index: number, requested: RequestedStatus): JsonObject | JsonObject[] {
  const entries = requested.purposes.map((purpose) => ({ ...buildBitstringStatusListEntry({ statusListCredential: deps.urls.vcStatusList(issuerId, purpose, keyId), index, purpose }) }) as JsonObject);
  return requested.single && entries.length === 1 ? entries[0]! : entries;
}

/** Set or clear one bit of an issuer's VC-API list, inside the caller's transaction (the list's `updatedAt` changes, so its signed form is made again). */
export async function setVcStatusBit(deps: Pick<Deps, 'clock'>, tx: Repositories, issuerId: string, purpose: StatusPurpose, index: number, value: boolean): Promise<void> {
  const list = await tx.vcStatus.getList(issuerId, purpose, { forUpdate: true });
  if (!list) throw new Error(`no VC-API ${purpose} list for issuer ${issuerId}`);
  await tx.vcStatus.saveList({ id: list.id, bits: withBit(list.bits, index, value), updatedAt: deps.clock.now().toISOString() });
}
