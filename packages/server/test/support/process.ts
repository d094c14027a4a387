import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, where `npm start` and `npx laurel` run. */
export const ROOT = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
export const LAUREL_BIN = join(ROOT, 'node_modules/.bin/laurel');

/** A free loopback port for a server child process. */
export const freePort = (): Promise<number> =>
  new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });

/**
 * A command's exit status and output, as `spawnSync` gives them, without blocking this process: tests
 * that run side by side (`describe.concurrent`) and in-process servers (SMTP, HTTP) keep going meanwhile.
 */
export const runProcess = (cmd: string, args: string[], options: { env: Record<string, string | undefined>; cwd?: string }): Promise<{ status: number | null; stdout: string; stderr: string }> =>
  new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd: options.cwd ?? ROOT, env: options.env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (status) => ok({ status, stdout, stderr }));
  });
