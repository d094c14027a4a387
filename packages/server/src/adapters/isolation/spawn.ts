import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FromRunner, ToRunner } from './messages.js';

/** How a runner is isolated: a worker thread (V8 heap limit) or a child process (killed outright). */
export type RunnerKind = 'thread' | 'process';

/** Why a runner ended on its own. */
export type RunnerExit = { cause: 'memory' | 'crashed'; detail: string };

export interface Runner {
  send(message: ToRunner): void;
  /** Whether it keeps this process alive (while it works for someone). */
  hold(held: boolean): void;
  /** Stops it: a thread is terminated, a process is sent SIGKILL. */
  kill(): void;
}

export interface RunnerEvents {
  message(message: FromRunner): void;
  exit(exit: RunnerExit): void;
}

const fromSources = import.meta.url.endsWith('.ts');
const entry = new URL(`./runner-entry.${fromSources ? 'ts' : 'js'}`, import.meta.url);
/** Resolved from this file where the runtime can (Node); else from the working directory. */
const resolveHere = (specifier: string): string => (typeof import.meta.resolve === 'function' ? import.meta.resolve(specifier) : specifier);

/**
 * A worker thread on `entry`. From sources, Node 20 does not apply `--import tsx` to a worker's
 * entry, so a one-line bootstrap registers tsx, then imports it (as the signing pool does).
 */
export function spawnThread(url: URL, options: { heapMb: number; workerData?: unknown; env?: Record<string, string> }): Worker {
  const settings = {
    workerData: options.workerData,
    env: options.env ?? {},
    resourceLimits: { maxOldGenerationSizeMb: options.heapMb, maxYoungGenerationSizeMb: Math.max(4, Math.min(32, Math.floor(options.heapMb / 4))), stackSizeMb: 4 },
  };
  if (!url.href.endsWith('.ts')) return new Worker(url, settings);
  const tsx = resolveHere('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { ...settings, eval: true, execArgv: ['--conditions=source'] });
}

function threadRunner(heapMb: number, preload: string[], events: RunnerEvents): Runner {
  const worker = spawnThread(entry, { heapMb, workerData: { preload } });
  let exit: RunnerExit = { cause: 'crashed', detail: 'the worker stopped' };
  worker.on('message', events.message);
  worker.on('error', (error: Error & { code?: string }) => {
    exit = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? { cause: 'memory', detail: error.message } : { cause: 'crashed', detail: error.message };
  });
  worker.on('exit', () => events.exit(exit));
  return {
    send: (message) => worker.postMessage(message),
    hold: (held) => (held ? worker.ref() : worker.unref()),
    kill: () => void worker.terminate(),
  };
}

/** util-linux's prlimit (Linux): caps a child's data segment, which the native renderer allocates from. */
const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => process.platform === 'linux' && existsSync(p));
/** Whether child processes' whole memory can be capped here. */
export const CAN_CAP_PROCESS_MEMORY = PRLIMIT !== undefined;

/**
 * A child process on `entry`, without the server's environment (whatever runs in there never sees
 * its secrets). Its V8 heap is capped by --max-old-space-size and, where prlimit exists, all of its
 * memory (RLIMIT_DATA): native code that asks for more is refused and the process ends.
 */
function spawnChild(heapMb: number, memoryMb: number | undefined, preload: string[]): ChildProcess {
  const execArgv = [...(fromSources ? ['--conditions=source', '--import', resolveHere('tsx')] : []), `--max-old-space-size=${heapMb}`];
  const options = { env: {}, serialization: 'advanced' as const, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] as ('ignore' | 'inherit' | 'ipc')[] };
  if (!PRLIMIT || !memoryMb) return fork(fileURLToPath(entry), preload, { ...options, execArgv });
  return spawn(PRLIMIT, [`--data=${memoryMb * 1024 * 1024}`, process.execPath, ...execArgv, fileURLToPath(entry), ...preload], options);
}

function processRunner(heapMb: number, memoryMb: number | undefined, preload: string[], events: RunnerEvents): Runner {
  const child = spawnChild(heapMb, memoryMb, preload);
  child.on('message', (message) => events.message(message as FromRunner));
  child.on('error', () => undefined);
  child.on('exit', (code, signal) => {
    // V8 aborts (SIGABRT, 134) at its heap limit, and so does native code refused memory.
    const memory = signal === 'SIGABRT' || code === 134;
    events.exit(memory ? { cause: 'memory', detail: 'the heap limit was reached' } : { cause: 'crashed', detail: `exited (${signal ?? code})` });
  });
  return {
    send: (message) => child.send(message),
    hold: (held) => {
      if (held) {
        child.ref();
        child.channel?.ref();
      } else {
        child.unref();
        child.channel?.unref();
      }
    },
    kill: () => void child.kill('SIGKILL'),
  };
}

export function spawnRunner(kind: RunnerKind, memory: { heapMb: number; memoryMb?: number | undefined }, preload: string[], events: RunnerEvents): Runner {
  return kind === 'thread' ? threadRunner(memory.heapMb, preload, events) : processRunner(memory.heapMb, memory.memoryMb, preload, events);
}
