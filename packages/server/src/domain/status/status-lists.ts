import { MIN_STATUS_LIST_BITS, createBitstring, withBit } from '@laurel/core';
import type { Deps } from '../deps.js';
import type { Repositories } from '../shared/store.js';
import { AppError } from '../shared/errors.js';
import { STATUS_PURPOSES, type StatusList, type StatusPurpose } from './ports.js';

/** The issuer's revocation and suspension lists, created on first need. */
export async function ensureStatusLists(deps: Pick<Deps, 'ids' | 'clock'>, tx: Repositories, orgId: string, issuerId: string): Promise<void> {
  const now = deps.clock.now().toISOString();
  await tx.statusLists.ensure(
    STATUS_PURPOSES.map((purpose) => ({ id: deps.ids.id(), orgId, issuerId, purpose, size: MIN_STATUS_LIST_BITS, bits: createBitstring(), allocated: 0, updatedAt: now })),
  );
}

/**
 * A candidate index for a new credential: uniformly random (an index says nothing about issue
 * order) and not used by the issuer yet. The unique index on (issuer_id, status_index) is the final
 * guard against a concurrent pick of the same index; the caller retries on that conflict.
 */
export async function pickStatusIndex(deps: Pick<Deps, 'store' | 'random' | 'ids' | 'clock'>, orgId: string, issuerId: string): Promise<{ index: number; listId: string }> {
  let list = await deps.store.statusLists.allocation(issuerId);
  if (!list) {
    await deps.store.transaction((tx) => ensureStatusLists(deps, tx, orgId, issuerId));
    list = await deps.store.statusLists.allocation(issuerId);
    if (!list) throw new Error('status list missing after ensure');
  }
  if (list.allocated >= list.size * 0.9) throw new AppError('invalid-state', 'this issuer has used up its status list; create a new issuer');
  for (let attempt = 0; attempt < 64; attempt++) {
    const index = deps.random.int(list.size);
    if (!(await deps.store.statusLists.isIndexTaken(issuerId, index))) return { index, listId: list.id };
  }
  throw new Error('could not find a free status list index');
}

/** Set or clear one credential's bit, inside the caller's transaction. */
export async function setStatusBit(deps: Pick<Deps, 'clock'>, tx: Repositories, issuerId: string, purpose: StatusPurpose, index: number, value: boolean): Promise<void> {
  const list: StatusList | undefined = await tx.statusLists.get(issuerId, purpose, { forUpdate: true });
  if (!list) throw new Error(`no ${purpose} list for issuer ${issuerId}`);
  await tx.statusLists.save({ id: list.id, bits: withBit(list.bits, index, value), allocated: list.allocated, updatedAt: deps.clock.now().toISOString() });
}
