import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { IssueChannel, IssueOutcome, Telemetry, VerifyChannel, VerifyOutcome } from '../../domain/shared/telemetry.js';
import type { PoolStats } from '../storage/db.js';
import type { JobStats } from '../storage/repos/job-stats.js';

export interface MetricsOptions {
  /** Read at each scrape; absent: no job gauges. */
  jobStats?: (() => Promise<JobStats>) | undefined;
  /** Job names to report even at zero. */
  jobNames?: readonly string[] | undefined;
  /** PostgreSQL pool, read at each scrape; absent (SQLite): no pool gauges. */
  poolStats?: (() => PoolStats) | undefined;
  now?: () => Date;
  /** Process and Node.js metrics (CPU, memory, event loop lag, GC); default true. */
  processMetrics?: boolean;
}

/** Where the adapters report; every label is a closed set or a route pattern, never a raw URL or an id. */
export interface LaurelMetrics {
  registry: Registry;
  telemetry: Telemetry;
  httpRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
  jobRun(name: string, outcome: 'done' | 'retry' | 'failed', seconds: number): void;
  /** The exposition text and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

const ISSUE_CHANNELS: IssueChannel[] = ['api', 'bulk', 'vc-api'];
const ISSUE_OUTCOMES: IssueOutcome[] = ['issued', 'replayed', 'refused', 'error'];
const VERIFY_CHANNELS: VerifyChannel[] = ['api', 'vc-api', 'vc-api-presentation'];
const VERIFY_OUTCOMES: VerifyOutcome[] = ['valid', 'invalid', 'unreadable', 'error'];
const JOB_STATUSES = ['queued', 'running', 'failed'] as const;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** One registry per process (not prom-client's global one), so tests and several apps never share counts. */
export function createMetrics(o: MetricsOptions = {}): LaurelMetrics {
  const registry = new Registry();
  const now = o.now ?? (() => new Date());
  if (o.processMetrics !== false) collectDefaultMetrics({ register: registry });

  const http = new Histogram({
    name: 'laurel_http_request_duration_seconds',
    help: 'HTTP requests by route pattern (never the raw URL), method and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const issued = new Counter({ name: 'laurel_credentials_issued_total', help: 'Credential issuance attempts by channel and outcome', labelNames: ['channel', 'outcome'] as const, registers: [registry] });
  const verified = new Counter({ name: 'laurel_credentials_verified_total', help: 'Verifications by channel and verdict', labelNames: ['channel', 'outcome'] as const, registers: [registry] });
  for (const c of ISSUE_CHANNELS) for (const out of ISSUE_OUTCOMES) issued.inc({ channel: c, outcome: out }, 0);
  for (const c of VERIFY_CHANNELS) for (const out of VERIFY_OUTCOMES) verified.inc({ channel: c, outcome: out }, 0);

  const jobRuns = new Counter({ name: 'laurel_job_runs_total', help: 'Job runs in this process by job name and outcome (retry: failed, will run again)', labelNames: ['name', 'outcome'] as const, registers: [registry] });
  const jobDuration = new Histogram({ name: 'laurel_job_run_duration_seconds', help: 'Job run time in this process by job name', labelNames: ['name'] as const, buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300], registers: [registry] });
  const analyticsEvents = new Counter({ name: 'laurel_analytics_events_total', help: 'Analytics engagements (views, shares, verifications…) by outcome: recorded, skipped (bot, Do-Not-Track / GPC), error (lost; the request was answered anyway)', labelNames: ['outcome'] as const, registers: [registry] });
  for (const out of ['recorded', 'skipped', 'error']) analyticsEvents.inc({ outcome: out }, 0);
  const collectErrors = new Counter({ name: 'laurel_metrics_collect_errors_total', help: 'Scrapes that could not read a source (e.g. the database was unreachable)', labelNames: ['source'] as const, registers: [registry] });

  if (o.jobStats) {
    const read = o.jobStats;
    const names = new Set(o.jobNames ?? []);
    const lag = new Gauge({ name: 'laurel_job_queue_lag_seconds', help: 'How long the longest-waiting due job has waited (0: none due)', registers: [registry] });
    new Gauge({
      name: 'laurel_jobs',
      help: 'Jobs in the shared jobs table by name and status (the same for every instance: aggregate with max, not sum)',
      labelNames: ['name', 'status'] as const,
      registers: [registry],
      async collect() {
        let stats: JobStats;
        try {
          stats = await read();
        } catch {
          collectErrors.inc({ source: 'jobs' });
          return;
        }
        for (const row of stats.counts) names.add(row.name);
        for (const name of names) for (const status of JOB_STATUSES) this.set({ name, status }, 0);
        for (const row of stats.counts) this.set({ name: row.name, status: row.status }, row.count);
        lag.set(stats.oldestDueAt ? Math.max(0, (now().getTime() - Date.parse(stats.oldestDueAt)) / 1000) : 0);
      },
    });
  }

  if (o.poolStats) {
    const pool = o.poolStats;
    new Gauge({
      name: 'laurel_db_pool_connections',
      help: 'PostgreSQL pool connections of this process by state (idle, in_use, waiting: queries waiting for a connection, max)',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const s = pool();
        this.set({ state: 'idle' }, s.idle);
        this.set({ state: 'in_use' }, s.total - s.idle);
        this.set({ state: 'waiting' }, s.waiting);
        this.set({ state: 'max' }, s.max);
      },
    });
  }

  return {
    registry,
    telemetry: {
      credentialIssued: (channel, outcome) => issued.inc({ channel, outcome }),
      credentialVerified: (channel, outcome) => verified.inc({ channel, outcome }),
      analyticsEvent: (outcome, count = 1) => analyticsEvents.inc({ outcome }, count),
    },
    httpRequest({ method, route, status }, seconds) {
      http.observe({ method: METHODS.has(method) ? method : 'OTHER', route, status_code: String(status) }, seconds);
    },
    jobRun(name, outcome, seconds) {
      jobRuns.inc({ name, outcome });
      jobDuration.observe({ name }, seconds);
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
