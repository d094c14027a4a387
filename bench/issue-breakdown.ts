/**
 * Where the CPU of one issue goes (issue 18): POST /api/v1/credentials one request at a time, the
 * in-process signer, and the CPU time of every thread of this process (`process.cpuUsage`) split by
 * part: the API key read, the issuing context, signing (the OB 3.0 Data Integrity form, the one made at
 * issue), storing, and the rest (HTTP, validation, the use case, serialisation). Then, apart, what the
 * forms made on first request cost (a VC-JWT, an OB 2.0 JWS: signed and stored once each). One request at a
 * time, so each part's CPU is its own; a loaded machine swells every figure, so compare runs made
 * back to back. `node --conditions=source --import tsx bench/issue-breakdown.ts [sqlite|postgres]`;
 * N (issues, default 1000), BENCH_DATABASE_URL, BENCH_PROFILE=dir (a CPU profile of the timed part).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../packages/server/src/adapters/http/app.js';
import { readSignedForm } from '../packages/server/src/domain/credentials/signed-forms.js';
import { benchDeps, open } from './issue-path.js';
import { issueFixture } from './issue-fixture.js';

const engine = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const N = Number(process.env.N ?? 1000);
const usage = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'laurel-breakdown-'));
  const { storage, drop } = await open({ engine, databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', workers: 0 }, dir);
  const deps = benchDeps(storage, dir);
  const parts = new Map<string, number>();
  let on = false;
  const measure = <O extends object>(object: O, method: keyof O & string, label: string) => {
    const original = (object[method] as (...a: unknown[]) => Promise<unknown>).bind(object);
    (object as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      const from = usage();
      try {
        return await original(...args);
      } finally {
        if (on) parts.set(label, (parts.get(label) ?? 0) + usage() - from);
      }
    };
  };
  measure(deps.store.apiKeys, 'findByHash', 'API key read');
  measure(deps.store.credentials, 'issuingContext', 'issuing context');
  // The issue route reads both at once since 2026-12-07 (the two above then stay at 0).
  measure(deps.store.credentials, 'keyAndIssuingContext', 'API key and issuing context (one read)');
  measure(deps.credentialSigner, 'sign', 'signing at issue (OB 3.0 Data Integrity)');
  measure(deps.store.credentials, 'insertIssued', 'storing (insertIssued)');
  const app = await buildApp(deps, { logger: false });
  try {
    const fixture = await issueFixture(app);
    const issue = async (i: number) => (await fixture.issue(i)).json<{ id: string }>().id;
    const ids: string[] = [];
    for (let i = 0; i < Math.max(100, N / 4); i++) await issue(-1 - i);
    const session = process.env.BENCH_PROFILE ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    on = true;
    const from = usage();
    for (let i = 0; i < N; i++) ids.push(await issue(i));
    const total = usage() - from;
    on = false;
    if (session) writeFileSync(join(process.env.BENCH_PROFILE!, `breakdown-${engine}.cpuprofile`), JSON.stringify((await session.post('Profiler.stop')).profile));
    console.log(`${engine}: ${(total / N).toFixed(0)} µs CPU per issue (every thread of the process, one request at a time)`);
    let rest = total;
    for (const [label, micros] of parts) {
      rest -= micros;
      console.log(`  ${label}: ${(micros / N).toFixed(0)} µs`);
    }
    console.log(`  the rest (HTTP, authentication, validation, the use case, serialisation): ${(rest / N).toFixed(0)} µs`);
    // The other forms, made (signed and stored) when first asked for: off the issue path.
    const orgId = (await deps.store.credentials.findPublic(ids[0]!))!.orgId;
    for (const format of ['vc-jwt', 'ob2-jws'] as const) {
      const some = ids.slice(0, Math.min(N, 500));
      const credentials = await Promise.all(some.map(async (id) => (await deps.store.credentials.findById(orgId, id))!));
      const start = usage();
      for (const credential of credentials) await readSignedForm(deps, credential, format);
      const made = usage() - start;
      const again = usage();
      for (const credential of credentials) await readSignedForm(deps, credential, format);
      console.log(`  on first request, apart: ${format} ${(made / some.length).toFixed(0)} µs to make and store, ${((usage() - again) / some.length).toFixed(0)} µs to read once stored`);
    }
  } finally {
    await app.close();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
