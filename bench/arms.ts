/**
 * The method of the page-view benches (bench/page-views.ts, page-views-http.ts): three arms — `recorded`, `control`
 * and its A/A `twin` — measured in interleaved blocks of one round each, the six orders in turn, and each arm's ratio
 * to the control summarised over the blocks on their logarithms, with a 95% interval.
 */

/** The arms of a block: the real comparison (recorded vs control) and the A/A one (twin vs control). */
export const ARMS = ['recorded', 'control', 'twin'] as const;
export type Arm = (typeof ARMS)[number];
/** The six orders of the three arms, taken in turn by the blocks. */
export const ORDERS: ReadonlyArray<readonly Arm[]> = [
  ['recorded', 'control', 'twin'],
  ['control', 'twin', 'recorded'],
  ['twin', 'recorded', 'control'],
  ['recorded', 'twin', 'control'],
  ['twin', 'control', 'recorded'],
  ['control', 'recorded', 'twin'],
];
export const WARMUP_BLOCKS = 2;
/** How long the recorder counts in memory before it writes, in service (its default `flushMs`). */
export const FLUSH_MS = 1000;
export const MIN_BLOCKS = 12;

/** A ratio − 1 over the blocks, in %. */
export interface Estimate {
  /** The blocks' geometric mean ratio − 1, and half the width of its 95% interval (±). */
  mean: number;
  ci95: number;
  /** The median of the blocks' ratios − 1. */
  median: number;
}

/** One round of one arm. */
export interface ArmRound {
  perSecond: number;
  /** CPU per view (µs), PostgreSQL's backends included. */
  cpuMicros: number;
  /** Of which PostgreSQL's backends. */
  pgMicros: number;
}

/** What both page-view benches report of their blocks. */
export interface ArmsResult {
  blocks: number;
  roundViews: number;
  /** CPU per view (µs; the process and, on PostgreSQL, its connections' server processes): each arm's mean over blocks. */
  cpuMicros: Record<Arm, number>;
  /** Of that, PostgreSQL's backends (0 on SQLite). */
  pgMicros: Record<Arm, number>;
  /** Views a second: each arm's mean over blocks. */
  perSecond: Record<Arm, number>;
  /** recorded ÷ control CPU per view − 1: the overhead; twin ÷ control − 1: the A/A floor (what noise alone gives). */
  cpuOverhead: Estimate;
  cpuAA: Estimate;
  /** The same by views a second (1 − recorded ÷ control): the throughput overhead and its A/A floor. */
  throughputOverhead: Estimate;
  throughputAA: Estimate;
  /** CPU per view of a round in the block's first, second and third place over its block's mean, in % (order bias). */
  positionBias: [number, number, number];
}

export const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return (sorted[(sorted.length - 1) >> 1]! + sorted[sorted.length >> 1]!) / 2;
};
/**
 * The blocks' ratios (each arm ÷ the control), summarised on their logarithms: a plain mean of ratios is biased upwards
 * by the control's own noise (E[a/b] > E[a]/E[b]: with rounds varying by 15–20%, +2–4 points for identical arms), the
 * mean of their logarithms is not.
 */
export function estimate(ratios: readonly number[], sign: 1 | -1 = 1): Estimate {
  const logs = ratios.map(Math.log);
  const m = mean(logs);
  const sd = Math.sqrt(logs.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, logs.length - 1));
  // Student's t at 97.5% for n − 1 degrees of freedom, near enough (n ≥ 12: 2.2 → 1.98).
  const t = logs.length >= 60 ? 1.98 : logs.length >= 30 ? 2.04 : logs.length >= 20 ? 2.09 : 2.2;
  const half = (t * sd) / Math.sqrt(logs.length);
  return { mean: sign * (Math.exp(m) - 1) * 100, ci95: ((Math.exp(m + half) - Math.exp(m - half)) / 2) * 100, median: sign * (median(ratios) - 1) * 100 };
}

export const pct = (e: Estimate) => `${e.mean >= 0 ? '+' : ''}${e.mean.toFixed(1)}% ± ${e.ci95.toFixed(1)} (median ${e.median.toFixed(1)}%)`;

/**
 * The warm-up blocks (unmeasured), then `blocks` measured ones, each arm's round in the block's order; `round(arm, last)`
 * is told when its block is the last of its kind (the recorded arm then writes what it counted). Each block's rounds,
 * and the order bias.
 */
export async function runBlocks<R extends ArmRound>(blocks: number, round: (arm: Arm, last: boolean) => Promise<R>): Promise<{ measured: Array<Record<Arm, R>>; positionBias: [number, number, number] }> {
  for (let b = 0; b < WARMUP_BLOCKS; b++) for (const arm of ORDERS[b % ORDERS.length]!) await round(arm, b === WARMUP_BLOCKS - 1);
  const measured: Array<Record<Arm, R>> = [];
  const byPosition: number[][] = [[], [], []];
  for (let b = 0; b < blocks; b++) {
    const order = ORDERS[b % ORDERS.length]!;
    const block = {} as Record<Arm, R>;
    for (const arm of order) block[arm] = await round(arm, b === blocks - 1);
    measured.push(block);
    const blockMean = mean(ARMS.map((a) => block[a].cpuMicros));
    order.forEach((arm, i) => byPosition[i]!.push((block[arm].cpuMicros / blockMean - 1) * 100));
  }
  return { measured, positionBias: [mean(byPosition[0]!), mean(byPosition[1]!), mean(byPosition[2]!)] };
}

/** Each arm's mean of a round's figure over the blocks. */
export const armMeans = <R>(measured: ReadonlyArray<Record<Arm, R>>, what: (round: R) => number): Record<Arm, number> => ({
  recorded: mean(measured.map((b) => what(b.recorded))),
  control: mean(measured.map((b) => what(b.control))),
  twin: mean(measured.map((b) => what(b.twin))),
});

/** The blocks summarised: each arm's means, the overheads and their A/A floors. */
export function summariseArms(measured: ReadonlyArray<Record<Arm, ArmRound>>, positionBias: [number, number, number], roundViews: number): ArmsResult {
  const ratios = (arm: Arm, what: 'cpuMicros' | 'perSecond') => measured.map((b) => b[arm][what] / b.control[what]);
  return {
    blocks: measured.length,
    roundViews,
    cpuMicros: armMeans(measured, (r) => r.cpuMicros),
    pgMicros: armMeans(measured, (r) => r.pgMicros),
    perSecond: armMeans(measured, (r) => r.perSecond),
    cpuOverhead: estimate(ratios('recorded', 'cpuMicros')),
    cpuAA: estimate(ratios('twin', 'cpuMicros')),
    // Throughput lost: 1 − arm ÷ control.
    throughputOverhead: estimate(ratios('recorded', 'perSecond'), -1),
    throughputAA: estimate(ratios('twin', 'perSecond'), -1),
    positionBias,
  };
}
