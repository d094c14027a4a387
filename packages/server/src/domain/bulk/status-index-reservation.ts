/**
 * Status indexes drawn by this process's bulk chunks and not yet committed or given up, by issuer. Chunks of one
 * process (an import's parts side by side, three chunks each) draw around each other's uncommitted indexes: 12
 * chunks of 150 draws in a 131,072-entry list would otherwise clash almost every time, redo, and after five clashes
 * fail their part (a job retried seconds to minutes later). Other processes' draws still meet the unique index
 * (the chunk is redone). Pure: no database, no clock.
 */
export class StatusIndexReservations {
  /** By issuer: each held index and how many attempts hold it (two may, when the list is too crowded to avoid). */
  private readonly inFlight = new Map<string, Map<number, number>>();

  /**
   * The indexes a draw of `count` in a list of `size` should avoid: the uncommitted draws of every attempt (the
   * drawing one's earlier rounds too, which it skips anyway), but only while they and twice this draw leave at least half the list free, so a draw loop can always end (never a list so
   * crowded by reservations that nothing is left to draw; the unique index then guards alone).
   */
  avoidFor(issuerId: string, size: number, count: number): Avoid | undefined {
    const others = this.inFlight.get(issuerId);
    return others && others.size + 2 * count <= size / 2 ? others : undefined;
  }

  /** Held until `release`: an attempt holds what it drew until it commits or gives up. */
  hold(held: HeldIndexes, issuerId: string, indexes: readonly number[]): void {
    let counts = this.inFlight.get(issuerId);
    if (!counts) this.inFlight.set(issuerId, (counts = new Map()));
    for (const index of indexes) counts.set(index, (counts.get(index) ?? 0) + 1);
    held.issuerId = issuerId;
    held.indexes.push(...indexes);
  }

  /** Gives back some of what an attempt holds (draws found taken by a look-up). */
  drop(held: HeldIndexes, indexes: Iterable<number>): void {
    const gone = new Set(indexes);
    const counts = this.inFlight.get(held.issuerId);
    const kept: number[] = [];
    for (const index of held.indexes) {
      if (!gone.has(index)) kept.push(index);
      else if (counts) {
        const n = (counts.get(index) ?? 1) - 1;
        if (n > 0) counts.set(index, n);
        else counts.delete(index);
      }
    }
    if (counts?.size === 0) this.inFlight.delete(held.issuerId);
    held.indexes = kept;
  }

  /** Gives back all an attempt holds (it committed, or gave up). */
  release(held: HeldIndexes): void {
    this.drop(held, held.indexes);
  }

  /** How many indexes of the issuer are held now (tests). */
  heldCount(issuerId: string): number {
    return this.inFlight.get(issuerId)?.size ?? 0;
  }
}

/** Indexes a draw leaves alone. */
export type Avoid = { has(index: number): boolean };

/** What one attempt of a chunk holds. */
export interface HeldIndexes {
  issuerId: string;
  indexes: number[];
}

/** Draws per round at most: a round of a crowded list ends with fewer candidates rather than loop on. */
export const drawLimit = (count: number) => 64 * count + 1024;

/**
 * Up to `want` distinct candidates in [0, size), none in `chosen` or `avoid`, after at most `drawLimit(want)` draws
 * (fewer when the list is crowded: the caller looks them up and draws again, a bounded number of rounds).
 */
export function drawCandidates(random: { int(maxExclusive: number): number }, size: number, want: number, chosen: ReadonlySet<number>, avoid: Avoid | undefined): Set<number> {
  const candidates = new Set<number>();
  const limit = drawLimit(want);
  for (let draws = 0; candidates.size < want && draws < limit; draws++) {
    const index = random.int(size);
    if (!chosen.has(index) && !avoid?.has(index)) candidates.add(index);
  }
  return candidates;
}
