import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtServerMain } from '../../packages/server/test/support/built-server.js';
import { REPO_ROOT, WEB_DIST } from './paths.js';
import { ensureWebBuilt } from './web-build.js';

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  /** What the server wrote to stdout/stderr, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilReady(baseUrl: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`the server was not ready within ${timeoutMs} ms:\n${output()}`);
}

export interface ServerOptions {
  /** Extra environment, given the server's address (e.g. SMTP_URL, or an allow-list naming its own port). */
  env?: (address: { baseUrl: string; host: string }) => Record<string, string>;
  /** How long to wait for /readyz (90 s unless given: a start took over 30 s on a loaded 2-core machine). */
  readyTimeoutMs?: number;
}

/**
 * The real server as a child process: SQLite in a fresh temporary data directory, the built web app, a free port.
 * It runs the run's transpiled mirror of the sources (server-mirror.ts): the same code, without tsx's start-up cost.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  ensureWebBuilt();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'laurel-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LAUREL_DATA_DIR: dataDir,
    LAUREL_BASE_URL: baseUrl,
    LAUREL_WEB_DIST: WEB_DIST,
    LOG_LEVEL: 'warn',
    ...options.env?.({ baseUrl, host: `127.0.0.1:${port}` }),
  };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;

  const child = spawn(process.execPath, [await builtServerMain()], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const output = () => log;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(baseUrl, child, output, options.readyTimeoutMs ?? 90_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, dataDir, output, stop };
}
