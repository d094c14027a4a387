import { createJobRunner, type JobRunner } from '../../src/adapters/jobs/job-runner.js';
import { jobHandlers } from '../../src/compose.js';
import type { Clock } from '../../src/domain/shared/ports.js';
import type { TestContext } from './test-app.js';

/** A runner over the test app's job queue with the product's handlers, on the app's clock unless told. */
export function testJobRunner(ctx: TestContext, clock: Clock = ctx.deps.clock): JobRunner {
  return createJobRunner({ queue: ctx.deps.store.jobs, handlers: jobHandlers(ctx.deps), clock });
}

/** Runs every due job, including the ones the jobs enqueue, until none is left. */
export async function drainJobs(runner: JobRunner): Promise<void> {
  while ((await runner.runOnce()) > 0);
}
