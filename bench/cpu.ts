/**
 * CPU time on Linux, from /proc: this process's main thread, the rest of this process (worker
 * threads, the thread pool, V8's helper threads) and every `postgres` process on the machine (so
 * PostgreSQL must be local, and other work on it counts too). `BENCH_CPU=1` prints it per issue.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface CpuTimes {
  main: number;
  process: number;
  postgres: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime, in ms, from a /proc stat line. */
function statMs(path: string): number {
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** A process's CPU time so far (ms); 0 once it is gone. */
export function processMs(pid: number): number {
  try {
    return statMs(`/proc/${pid}/stat`);
  } catch {
    return 0;
  }
}

function postgresMs(): number {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') total += statMs(`/proc/${pid}/stat`);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

export function cpuTimes(): CpuTimes {
  const usage = process.cpuUsage();
  return { main: statMs(`/proc/self/task/${process.pid}/stat`), process: (usage.user + usage.system) / 1000, postgres: postgresMs() };
}

/** Per operation, between two snapshots: main thread / other threads of this process / PostgreSQL. */
export function describeCpu(from: CpuTimes, to: CpuTimes, operations: number): string {
  const per = (ms: number) => (ms / operations).toFixed(2);
  const main = to.main - from.main;
  return `CPU ms/issue: main ${per(main)}, other threads ${per(to.process - from.process - main)}, postgres ${per(to.postgres - from.postgres)}`;
}
