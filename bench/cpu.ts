/**
 * CPU time on Linux, from /proc: this process's main thread, the rest of this process (worker
 * threads, the thread pool, V8's helper threads) and the local PostgreSQL's: the backends serving
 * this process's connections and the server's own processes (WAL writer, checkpointer, autovacuum…),
 * but not the backends of other clients (other work on the machine), told apart by their client's TCP
 * port. `BENCH_CPU=1` prints it per issue.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface CpuTimes {
  main: number;
  process: number;
  /** This process's backends and the server's own processes. */
  postgres: number;
  /** Of which this process's backends. */
  backends: number;
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

/** The local TCP ports of this process's connected sockets (its PostgreSQL connections among them). */
function ownPorts(): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const ports = new Set<string>();
  for (const table of ['/proc/self/net/tcp', '/proc/self/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && inodes.has(f[9]!)) ports.add(String(parseInt(f[1]!.split(':').pop()!, 16)));
    }
  }
  return ports;
}

/** A backend's client port from its title (`postgres: 15/main: user db 127.0.0.1(40122) idle`); undefined for the server's own processes. */
const clientPort = (title: string): string | undefined => /\((\d+)\)/.exec(title)?.[1];

function postgresMs(): { postgres: number; backends: number } {
  const ours = ownPorts();
  let postgres = 0;
  let backends = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      const port = clientPort(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
      if (port !== undefined && !ours.has(port)) continue; // another client's backend
      const ms = statMs(`/proc/${pid}/stat`);
      postgres += ms;
      if (port !== undefined) backends += ms;
    } catch {
      // gone meanwhile
    }
  }
  return { postgres, backends };
}

export function cpuTimes(): CpuTimes {
  const usage = process.cpuUsage();
  return { main: statMs(`/proc/self/task/${process.pid}/stat`), process: (usage.user + usage.system) / 1000, ...postgresMs() };
}

/** Per operation, between two snapshots: main thread / other threads of this process / PostgreSQL. */
export function describeCpu(from: CpuTimes, to: CpuTimes, operations: number): string {
  const per = (ms: number) => (ms / operations).toFixed(2);
  const main = to.main - from.main;
  return `CPU ms/issue: main ${per(main)}, other threads ${per(to.process - from.process - main)}, postgres ${per(to.postgres - from.postgres)} (own backends ${per(to.backends - from.backends)})`;
}
