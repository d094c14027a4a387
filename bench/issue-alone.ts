/**
 * The issue path alone against the reference DI sign loop, in one run (for profiling issue 18):
 * `node --conditions=source --import tsx bench/issue-alone.ts [workers...]`, e.g. `0 2`.
 * Environment: BENCH_ENGINE (sqlite|postgres, default sqlite), BENCH_ISSUES (default 1500),
 * BENCH_REF (reference signatures, default 300), BENCH_CONCURRENCY (default 16); BENCH_CPU=1 as in run.ts;
 * BENCH_HTTP=1: over real sockets from a client process (bench/http-load.ts) instead of `inject`;
 * BENCH_ACHIEVEMENTS=n: the issues spread over n achievements of the issuer, in turn (default 1); BENCH_WARMUP: issues
 * before the timed ones (default as many as timed: V8 compiles the path for thousands of requests); BENCH_BLOCKS=n: the
 * timed issues in n rounds alternating with blocks of the reference loop (issue-path.ts `benchIssuePathAgainstReference`).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { benchIssuePath, benchIssuePathAgainstReference, describeRatios } from './issue-path.js';
import { referenceSigner } from './reference-di.js';
import { sequential } from './measure.js';


async function referenceDiSign(iterations: number): Promise<{ perSecond: number; cpuMs: number }> {
  if (iterations === 0) return { perSecond: NaN, cpuMs: NaN };
  const sign = await referenceSigner();
  const cpu0 = process.cpuUsage();
  // Warmed up as long as it is measured, like the issue path: both compared in V8's steady state.
  const r = await sequential(iterations, iterations, sign);
  const cpu = process.cpuUsage(cpu0);
  return { perSecond: r.perSecond, cpuMs: (cpu.user + cpu.system) / 1000 / (iterations * 2) };
}

/** BENCH_PROFILE=dir: a CPU profile of the main thread over the timed part only (no start-up, no warm-up). */
function profiler(workers: number): { start(): void; end(): void } | undefined {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return undefined;
  const session = new Session();
  session.connect();
  return {
    start: () => {
      session.post('Profiler.enable');
      session.post('Profiler.start');
    },
    end: () => {
      session.post('Profiler.stop', (error, result) => {
        if (!error) writeFileSync(`${dir}/issue-${process.env.BENCH_ENGINE ?? 'sqlite'}-w${workers}.cpuprofile`, JSON.stringify(result.profile));
        session.disconnect();
      });
    },
  };
}

/** The reference's CPU per signature over the issue's CPU (all its threads): issues per reference signature's worth of CPU. */
function cpuRatio(cpu: string | undefined, referenceMs: number): string {
  const m = cpu?.match(/main ([\d.]+), other threads ([\d.]+)/);
  return m ? `; CPU ratio ${(referenceMs / (Number(m[1]) + Number(m[2]))).toFixed(2)}×` : '';
}

async function main(): Promise<void> {
  const workers = process.argv.slice(2).map(Number);
  const engine = (process.env.BENCH_ENGINE ?? 'sqlite') as 'sqlite' | 'postgres';
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const iterations = Number(process.env.BENCH_ISSUES ?? 1500);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
  const blocks = Number(process.env.BENCH_BLOCKS ?? 0);
  const config = (w: number) => ({ engine, databaseUrl, workers: w, iterations, warmup: Number(process.env.BENCH_WARMUP ?? iterations), concurrency, http: process.env.BENCH_HTTP === '1', achievements: Number(process.env.BENCH_ACHIEVEMENTS ?? 1), timed: profiler(w) });
  if (blocks > 0) {
    for (const w of workers.length ? workers : [0, 2]) {
      const r = await benchIssuePathAgainstReference(config(w), { blocks, referenceSignatures: Number(process.env.BENCH_REF ?? 300) });
      console.log(`${engine} workers=${w}: ${blocks} rounds: issues ${r.issues.toFixed(0)}/s, reference ${r.reference.toFixed(0)}/s; ${describeRatios(r.ratios)}${r.failures.length ? ` ${r.failures.length} FAILED ${r.failures[0]}` : ''}`);
    }
    return;
  }
  const ref = await referenceDiSign(Number(process.env.BENCH_REF ?? 300));
  for (const w of workers.length ? workers : [0, 2]) {
    const r = await benchIssuePath(config(w));
    console.log(`${engine} workers=${w}: ${r.perSecond.toFixed(0)} issues/s, reference ${ref.perSecond.toFixed(0)}/s (CPU ${ref.cpuMs.toFixed(2)} ms/sign), ratio ${(r.perSecond / ref.perSecond).toFixed(2)}× ${r.cpu ?? ''}${cpuRatio(r.cpu, ref.cpuMs)}${r.failures.length ? ` ${r.failures.length} FAILED ${r.failures[0]}` : ''}`);
  }
  const ref2 = await referenceDiSign(Number(process.env.BENCH_REF ?? 300));
  console.log(`reference after: ${ref2.perSecond.toFixed(0)}/s (CPU ${ref2.cpuMs.toFixed(2)} ms/sign)`);
}

main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
