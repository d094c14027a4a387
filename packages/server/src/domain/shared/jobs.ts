/** Durable background work, enqueued in the same transaction as the change that causes it. */
export interface JobRequest {
  name: string;
  version?: number;
  orgId?: string | null;
  payload: Record<string, unknown>;
  runAt?: string;
  maxAttempts?: number;
}

export interface Job {
  id: string;
  orgId: string | null;
  name: string;
  version: number;
  payload: Record<string, unknown>;
  status: 'queued' | 'running' | 'done' | 'failed';
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
}

export interface JobQueue {
  enqueue(job: JobRequest): Promise<string>;
  /** Claim up to `limit` due jobs for `workerId` until `lockUntil` (SKIP LOCKED on PostgreSQL). */
  claim(workerId: string, limit: number, now: string, lockUntil: string): Promise<Job[]>;
  /** `orgId`: the claimed job's own organisation, when the caller has it (spares reading it to seal the result). */
  complete(id: string, result: unknown, now: string, orgId?: string | null): Promise<void>;
  fail(id: string, error: string, retryAt: string | null, now: string, orgId?: string | null): Promise<void>;
  get(id: string): Promise<Job | undefined>;
  /** Keep a long job's lock while it makes progress. */
  extendLock(id: string, workerId: string, lockUntil: string): Promise<void>;
  /** Give back a job this worker stopped early (shutting down): due again at once in its old place (run_at kept), the attempt not counted. */
  release(id: string, workerId: string, now: string): Promise<void>;
}
