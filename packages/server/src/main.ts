import { buildApp } from './adapters/http/app.js';
import { composeServices, startJobs } from './compose.js';
import { ConfigError, loadConfig } from './config.js';

/** How long a shutdown may take before the process ends by the signal that asked for it. */
const SHUTDOWN_GRACE_MS = 10_000;

/** `npm start`: validate config, migrate, serve, and run background jobs. */
async function main(): Promise<void> {
  const config = loadConfig(process.env, process.cwd());
  const notes: string[] = [];
  const services = await composeServices(config, (m) => notes.push(m));
  const app = await buildApp(services.deps);
  for (const note of notes) app.log.warn(note);
  const jobs = config.runJobs ? startJobs(services.deps, app.log, config.jobLockSeconds) : undefined;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    app.log.info({ signal }, 'shutting down');
    // Should anything still hang, die by the signal itself (its handler is gone: `once`).
    const lastResort = setTimeout(() => process.kill(process.pid, signal), SHUTDOWN_GRACE_MS);
    // First the PDF and image workers: what they hold answers 503 now, so closing the app need not wait for it.
    const workersGone = services.deps.untrusted.close();
    await jobs?.stop();
    await app.close();
    await services.close();
    await workersGone;
    clearTimeout(lastResort);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    { baseUrl: config.baseUrl, database: services.storage.engine === 'sqlite' ? config.sqliteFile : 'postgresql', jobs: Boolean(jobs) },
    `Laurel is serving on ${config.baseUrl}`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('Laurel failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
