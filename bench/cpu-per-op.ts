/**
 * Sequential timing with the process's CPU time per operation (process.cpuUsage: every thread, so
 * work a library hands to libuv's thread pool, as WebCrypto does, counts too). On a loaded machine
 * the wall-clock rate of a one-thread loop depends on how the scheduler treats it (a loop that waits
 * on the thread pool is woken promptly, one that computes is not); CPU time per operation does not.
 */
import type { Rate } from './measure.js';

export interface CpuRate extends Rate {
  /** Microseconds of CPU (user + system, all threads) per timed operation. */
  cpuMicros: number;
}

export async function sequentialCpu(iterations: number, warmup: number, fn: (i: number) => Promise<unknown>): Promise<CpuRate> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await fn(i);
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { perSecond: (iterations * 1000) / ms, iterations, ms, cpuMicros: (used.user + used.system) / iterations };
}

/** "CPU 82 µs vs 131 µs per op (1.60×)": the reference's CPU per operation over Laurel's. */
export function cpuNote(laurel: CpuRate, reference: CpuRate): string {
  return `CPU ${laurel.cpuMicros.toFixed(0)} µs vs ${reference.cpuMicros.toFixed(0)} µs per op (${(reference.cpuMicros / laurel.cpuMicros).toFixed(2)}×)`;
}

/**
 * Warm-up for the verify rows: at least 2,000 operations per side before timing. Laurel's checks are
 * JavaScript that reaches its steady (optimised) speed only after about that many verifications,
 * while jose's work is mostly native; a verifier in service runs warm. Cold figures are in
 * docs/performance.md.
 */
export const VERIFY_WARMUP = 2000;

export const verifyWarmup = (warmup: number): number => Math.max(warmup, VERIFY_WARMUP);
