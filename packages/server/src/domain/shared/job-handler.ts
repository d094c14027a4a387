/** A job type's handler: named and versioned like its definition; must be idempotent (jobs run at least once). */
export interface JobHandler {
  name: string;
  version: number;
  handle(payload: Record<string, unknown>, context: { jobId: string; attempt: number; heartbeat?: () => Promise<void> }): Promise<unknown>;
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
