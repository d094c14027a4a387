/**
 * The entry of an isolated runner (a worker thread or a child process): imports the named module,
 * calls the named export with the arguments, answers its value. One task at a time; the pool
 * terminates the runner when a task overruns its deadline.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FromRunner, ToRunner } from './messages.js';

type Channel = { send(message: FromRunner): void; listen(handler: (message: ToRunner) => void): void };

const channel: Channel = parentPort
  ? { send: (m) => parentPort!.postMessage(m), listen: (h) => parentPort!.on('message', h) }
  : {
      send: (m) => process.send!(m),
      listen: (h) => {
        process.on('message', (m) => h(m as ToRunner));
        // The parent went away: nothing left to answer to.
        process.on('disconnect', () => process.exit(0));
      },
    };

async function run(message: ToRunner): Promise<FromRunner> {
  try {
    const module = (await import(message.module)) as Record<string, unknown>;
    const fn = module[message.fn];
    if (typeof fn !== 'function') throw new TypeError(`${message.module} exports no function ${message.fn}`);
    return { type: 'done', id: message.id, value: await (fn as (...args: unknown[]) => unknown)(...message.args) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { type: 'failed', id: message.id, error: { name: e.name, message: e.message.slice(0, 500) } };
  }
}

/** Task modules loaded before the first task, so a task's deadline is its own work, not module loading. */
const preload: string[] = parentPort ? ((workerData as { preload?: string[] } | undefined)?.preload ?? []) : process.argv.slice(2);

channel.listen((message) => void run(message).then((reply) => channel.send(reply)));
void Promise.allSettled(preload.map((module) => import(module))).then(() => channel.send({ type: 'ready' }));
