import { inject } from 'vitest';
import { waitForMirror } from './server-mirror.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The directory the global setup builds the server's transpiled mirror in (server-mirror.ts). */
    serverMirror: string;
  }
}

/**
 * The run's transpiled mirror of `packages/server/src/main.ts` (what `npm start` runs; server-mirror.ts), once the
 * global setup has built it: `node <this>` starts the server without tsx.
 */
export const builtServerMain = (): Promise<string> => waitForMirror(inject('serverMirror'));
