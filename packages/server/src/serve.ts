import type { FastifyInstance } from 'fastify';
import { buildApp } from './adapters/http/app.js';
import { buildOpsApp } from './adapters/http/ops-app.js';
import type { Tracing } from './adapters/tracing/otel.js';
import { composeServices, startJobs } from './compose.js';
import type { Config } from './config.js';

/** How long a shutdown may take before the process ends by the signal that asked for it. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * The server process by role: `all` serves HTTP and runs jobs, `web` only serves HTTP, `worker` only
 * runs jobs and answers `/health`, `/ready` (and `/metrics`) on its port for probes. On SIGTERM or
 * SIGINT it stops taking work (new connections refused, new requests on open ones 503, no job
 * claimed), lets what is in flight finish, and exits 0.
 */
export async function serve(config: Config, options: { tracing?: Tracing | undefined } = {}): Promise<void> {
  const notes: string[] = [];
  const services = await composeServices(config, (m) => notes.push(m), { metrics: true });
  const app = config.role === 'worker' ? await buildOpsApp(services.deps, { port: 'main' }) : await buildApp(services.deps);
  for (const note of notes) app.log.warn(note);
  const opsApp: FastifyInstance | undefined = config.metricsPort !== undefined ? await buildOpsApp(services.deps, { port: 'internal' }) : undefined;
  const jobs = config.runJobs ? startJobs(services.deps, app.log, config.jobLockSeconds, config.expirySweepMinutes) : undefined;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    app.log.info({ signal }, 'shutting down');
    // Should anything still hang, die by the signal itself (its handler is gone: `once`).
    const lastResort = setTimeout(() => process.kill(process.pid, signal), SHUTDOWN_GRACE_MS);
    // First the PDF and image workers: what they hold answers 503 now, so closing the app need not wait for it.
    const workersGone = services.deps.untrusted.close();
    // A kept-alive connection whose last request finishes during the drain would hold close() until its
    // keep-alive timeout: close each one as soon as it is idle.
    const reap = setInterval(() => app.server.closeIdleConnections(), 100);
    await Promise.all([jobs?.stop(), app.close()]);
    clearInterval(reap);
    await opsApp?.close();
    await services.close();
    await workersGone;
    await options.tracing?.shutdown().catch((error: unknown) => app.log.warn({ err: error }, 'traces not flushed'));
    clearTimeout(lastResort);
    app.log.info({ signal }, 'stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  if (opsApp && config.metricsPort !== undefined) await opsApp.listen({ port: config.metricsPort, host: config.host });
  app.log.info(
    {
      baseUrl: config.baseUrl,
      role: config.role,
      database: services.storage.engine === 'sqlite' ? config.sqliteFile : 'postgresql',
      jobs: Boolean(jobs),
      metrics: opsApp ? `port ${config.metricsPort}` : config.metricsToken ? '/metrics (token)' : 'off',
      tracing: Boolean(options.tracing),
    },
    config.role === 'worker' ? `Laurel worker running (health on port ${config.port})` : `Laurel is serving on ${config.baseUrl}`,
  );
}
