import { benchEventBurst } from '/work/wt/i14-events/bench/event-burst.js';
const events = Number(process.env.N ?? 300);
for (const engine of (process.env.ENGINES ?? 'sqlite').split(',') as Array<'sqlite' | 'postgres'>) {
  const r = await benchEventBurst({ engine, databaseUrl: 'postgres://postgres@127.0.0.1:5432/test', events, concurrency: 16, runners: 2 });
  console.log(engine, JSON.stringify(r));
}
process.exit(0);
