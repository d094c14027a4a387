import { MIN_STATUS_LIST_BITS, createBitstring, withBit } from '@laurel/core';
import type { Deps } from '../deps.js';
import type { Repositories } from '../shared/store.js';
import { AppError } from '../shared/errors.js';
import { STATUS_PURPOSES, type AllocationCount, type StatusList, type StatusPurpose } from './ports.js';

/** The issuer's revocation and suspension lists, created on first need. */
export async function ensureStatusLists(deps: Pick<Deps, 'ids' | 'clock'>, tx: Repositories, orgId: string, issuerId: string): Promise<void> {
  const now = deps.clock.now().toISOString();
  await tx.statusLists.ensure(
    STATUS_PURPOSES.map((purpose) => ({ id: deps.ids.id(), orgId, issuerId, purpose, size: MIN_STATUS_LIST_BITS, bits: createBitstring(), allocated: 0, updatedAt: now })),
  );
}

export interface StatusAllocation {
  /** The issuer's revocation list (its index is used by both purposes). */
  listId: string;
  size: number;
  allocated: number;
}

/** An issuer's lists double in size once this share of their indexes is taken… */
const GROW_AT = 0.5;
/** …up to 2^24 entries (2 MiB of bits, far below verifiers' decompression limits): some 15 million credentials. */
export const MAX_STATUS_LIST_BITS = 2 ** 24;
/** Past this share of the largest list, issuing is refused: random picks would slow down. */
const FULL_AT = 0.9;

/**
 * Where the issuer's next credential gets its status index: the lists (created on first need, grown
 * as they fill) and how many indexes are taken. Growing keeps every index already issued (it only
 * adds zero bits), so the list URLs and earlier credentials stay as they are, and a list never gets
 * dense enough to say much about who holds which index. `current` is the issuer's allocation as the
 * caller read it (`StatusListRepo.allocation` or `CredentialRepo.issuingContext`), undefined if it has no lists yet.
 */
export async function statusAllocation(
  deps: Pick<Deps, 'store' | 'ids' | 'clock'>,
  orgId: string,
  issuerId: string,
  current: AllocationCount | undefined,
): Promise<StatusAllocation> {
  let list = current;
  if (!list) {
    await deps.store.transaction((tx) => ensureStatusLists(deps, tx, orgId, issuerId));
    list = await deps.store.statusLists.allocation(issuerId);
    if (!list) throw new Error('status list missing after ensure');
  }
  if (list.allocated >= list.size * GROW_AT && list.size < MAX_STATUS_LIST_BITS) {
    const size = Math.min(list.size * 2, MAX_STATUS_LIST_BITS);
    await growStatusLists(deps, issuerId, size);
    list = { ...list, size };
  }
  if (list.allocated >= list.size * FULL_AT) throw new AppError('invalid-state', 'this issuer has used up its status list; create a new issuer');
  return { listId: list.id, size: list.size, allocated: list.allocated };
}

/** Both lists of the issuer (their indexes are shared) to at least `size` bits, in one transaction. */
async function growStatusLists(deps: Pick<Deps, 'store' | 'clock'>, issuerId: string, size: number): Promise<void> {
  await deps.store.transaction(async (tx) => {
    for (const purpose of STATUS_PURPOSES) {
      const list = await tx.statusLists.get(issuerId, purpose, { forUpdate: true });
      // A concurrent issue may have grown it already.
      if (!list || list.size >= size) continue;
      const bits = createBitstring(size);
      bits.set(list.bits);
      await tx.statusLists.save({ id: list.id, bits, updatedAt: deps.clock.now().toISOString() });
    }
  });
}

/**
 * While fewer than this share of the indexes are taken, a first random draw is used without looking
 * it up. It clashes with that probability at most, and a clash costs one more signature and write
 * (the unique index on (issuer_id, status_index) refuses the insert and the caller draws again):
 * on average less than a look-up before every issue (a look-up is ~0.1 ms, a wasted attempt ~2.5 ms
 * of CPU). Fuller lists, and every retry, look the draw up before signing.
 */
const UNCHECKED_FIRST_DRAW_BELOW = 1 / 32;

/**
 * A candidate index for a new credential: uniformly random (an index says nothing about issue
 * order). The unique index on (issuer_id, status_index) is the final guard against an index already
 * taken, by an earlier or a concurrent issue; the caller retries on that conflict with `retry` set.
 */
export async function pickStatusIndex(deps: Pick<Deps, 'store' | 'random'>, issuerId: string, allocation: StatusAllocation, options: { retry: boolean }): Promise<number> {
  if (!options.retry && allocation.allocated < allocation.size * UNCHECKED_FIRST_DRAW_BELOW) return deps.random.int(allocation.size);
  for (let attempt = 0; attempt < 64; attempt++) {
    const index = deps.random.int(allocation.size);
    if (!(await deps.store.statusLists.isIndexTaken(issuerId, index))) return index;
  }
  throw new Error('could not find a free status list index');
}

/** Set or clear one credential's bit, inside the caller's transaction. */
export async function setStatusBit(deps: Pick<Deps, 'clock'>, tx: Repositories, issuerId: string, purpose: StatusPurpose, index: number, value: boolean): Promise<void> {
  const list: StatusList | undefined = await tx.statusLists.get(issuerId, purpose, { forUpdate: true });
  if (!list) throw new Error(`no ${purpose} list for issuer ${issuerId}`);
  await tx.statusLists.save({ id: list.id, bits: withBit(list.bits, index, value), updatedAt: deps.clock.now().toISOString() });
}
