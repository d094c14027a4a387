/** Timing helpers: fixed iteration counts after a warm-up; results in operations per second. */

export interface Rate {
  perSecond: number;
  iterations: number;
  ms: number;
}

/** Runs `fn(i)` one after another: `warmup` times untimed, then `iterations` times timed. */
export async function sequential(iterations: number, warmup: number, fn: (i: number) => Promise<unknown>): Promise<Rate> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await fn(i);
  const ms = performance.now() - start;
  return { perSecond: (iterations * 1000) / ms, iterations, ms };
}

/** Runs `fn(i)` with up to `concurrency` calls in flight, warm-up included; `timed` brackets the timed part. */
export async function concurrent(
  iterations: number,
  warmup: number,
  concurrency: number,
  fn: (i: number) => Promise<unknown>,
  timed: { start?(): void; end?(): void } = {},
): Promise<Rate> {
  let warm = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (warm < warmup) await fn(-1 - warm++);
  }));
  let next = 0;
  timed.start?.();
  const start = performance.now();
  const lane = async (): Promise<void> => {
    while (next < iterations) await fn(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const ms = performance.now() - start;
  timed.end?.();
  return { perSecond: (iterations * 1000) / ms, iterations, ms };
}
