/** Tasks for isolated-pool.test.ts: well-behaved and hostile work. */
export const echo = (value: unknown): unknown => value;

export function spin(): never {
  for (;;);
}

/** Keeps every allocation reachable until the heap is exhausted. */
export function hog(): number {
  const kept: string[][] = [];
  for (;;) kept.push(Array.from({ length: 100_000 }, (_, i) => `${i}-${kept.length}`));
}

export function fail(): never {
  throw new RangeError('no such thing');
}
