/** A job type's handler: named and versioned like its definition; must be idempotent (jobs run at least once). */
export interface JobHandler {
  name: string;
  version: number;
  handle(payload: Record<string, unknown>, context: JobContext): Promise<unknown>;
}

export interface JobContext {
  jobId: string;
  attempt: number;
  /** Keeps the job's lock (a long job calls it as it makes progress). */
  heartbeat?: () => Promise<void>;
  /**
   * Aborted when the process shuts down: a long job stops at its next safe point and throws `JobInterrupted`;
   * the job is then given back to the queue (due at once, the attempt not counted) for another worker.
   */
  signal?: AbortSignal;
}

/** Thrown by a job that stopped early because its process is shutting down (see `JobContext.signal`). */
export class JobInterrupted extends Error {
  constructor() {
    super('stopped early: the process is shutting down');
    this.name = 'JobInterrupted';
  }
}

/** Handlers keyed by job name; a duplicate name is a programming error caught at construction. */
export function jobHandlerRegistry(handlers: JobHandler[]): ReadonlyMap<string, JobHandler> {
  const byName = new Map<string, JobHandler>();
  for (const h of handlers) {
    if (byName.has(h.name)) throw new TypeError(`duplicate job handler: ${h.name}`);
    byName.set(h.name, h);
  }
  return byName;
}

/** Reads a required string from a job payload. */
export function payloadString(payload: Record<string, unknown>, key: string): string {
  const value = payload[key];
  if (typeof value !== 'string' || value === '') throw new Error(`job payload needs "${key}"`);
  return value;
}
