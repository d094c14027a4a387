import { appendFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';

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

/** Memory outside the V8 heap: resvg asked for a 100 000 px square filter canvas (tens of GiB). */
export function nativeHog(): number {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><filter id="f"><feFlood flood-color="red"/></filter><rect width="20000" height="20000" filter="url(#f)"/></svg>';
  return new Resvg(svg, { fitTo: { mode: 'width', value: 512 } }).render().width;
}

/** Leaves a line in `file`: how a test counts the tasks that really ran, whichever runner ran them. */
export function mark(file: string): string {
  appendFileSync(file, 'ran\n');
  return 'marked';
}
