/** A task: a function exported by a module of this code base, run in an isolated worker. */
export interface TaskRef {
  /** The module's URL (see `taskModule`). */
  module: string;
  /** The exported function's name. */
  fn: string;
}

export type ToRunner = { id: number; module: string; fn: string; args: unknown[] };

export type FromRunner = { type: 'ready' } | { type: 'done'; id: number; value: unknown } | { type: 'failed'; id: number; error: { name: string; message: string } };

/**
 * The URL of a sibling task module, with the extension the running code has: `.ts` from sources
 * (tsx, vitest), `.js` once built. `base` is the caller's `import.meta.url`.
 */
export function taskModule(base: string, name: string): string {
  const ext = base.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${ext}`, base).href;
}
