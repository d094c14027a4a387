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
