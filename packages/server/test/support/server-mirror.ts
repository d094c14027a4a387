/**
 * The server's and core's TypeScript sources transpiled file by file into a mirror of the repository (the same
 * layout, so every `import.meta.url`-relative path still lands on the same fonts, colour profile and web build),
 * for the tests that start server processes by the dozen (e2e, the cluster, a few process tests). A start with
 * `--import tsx` spends over a third of its CPU in tsx's module hooks, which every import of every package goes
 * through; the mirror's `.js` runs on Node alone, as the code supports (its worker threads and isolated runners
 * take their `.js` entries then). esbuild transpiles it as tsx would (the same compiler and tsconfig); nothing is
 * bundled or minified. What ships runs from sources with tsx (`npm start`, the Docker image, the `laurel`
 * command): the tests of those entry points keep starting them so (cli-and-server, verify-cli, hostile-shutdown,
 * operations' read-only and tracing cases, every `laurel` invocation).
 *
 * The global setup builds it once per run, in the background (`startMirror`), and provides its directory as
 * `serverMirror`; a test waits for it with `builtServerMain()` (built-server.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { transform } from 'esbuild';
import { ROOT } from './process.js';

const READY = '.ready';
const FAILED = '.failed';
/** What the sources reach beside them, linked as they are in the repository. */
const LINKED = ['packages/server/fonts', 'packages/server/color', 'packages/server/package.json', 'packages/web'];

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));

/** Transpiles packages/{core,server}/src (not their tests) into `out`, links the rest; `out` must be empty. */
export async function buildServerMirror(out: string): Promise<void> {
  const { compilerOptions } = JSON.parse(readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  const sources = ['core', 'server'].flatMap((pkg) => filesUnder(join(ROOT, 'packages', pkg, 'src'))).filter((file) => !/\.(test|fixture)\.ts$/.test(file));
  await Promise.all(
    sources.map(async (file) => {
      const target = join(out, relative(ROOT, file));
      mkdirSync(dirname(target), { recursive: true });
      if (!file.endsWith('.ts')) return writeFileSync(target, readFileSync(file));
      const { code } = await transform(readFileSync(file, 'utf8'), {
        loader: 'ts',
        format: 'esm',
        target: `node${process.versions.node}`,
        supported: { 'import-attributes': true },
        sourcefile: file,
        sourcemap: 'inline',
        tsconfigRaw: { compilerOptions },
      });
      writeFileSync(target.replace(/\.ts$/, '.js'), code);
    }),
  );
  for (const path of LINKED) symlinkSync(join(ROOT, path), join(out, path));
  writeFileSync(join(out, 'packages/core/package.json'), JSON.stringify({ name: '@laurel/core', type: 'module', exports: { '.': './src/index.js' } }));
  // The repository's installed packages, but @laurel/core is the mirror's.
  mkdirSync(join(out, 'node_modules/@laurel'), { recursive: true });
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) if (entry !== '@laurel') symlinkSync(join(ROOT, 'node_modules', entry), join(out, 'node_modules', entry));
  symlinkSync(join(out, 'packages/core'), join(out, 'node_modules/@laurel/core'));
}

/**
 * For the global setup: a new directory the mirror is being built in (not awaited, so the first test files run
 * meanwhile), how to rebuild it (watch mode reruns) and how to remove it.
 */
export async function startMirror(): Promise<{ dir: string; rebuild(): Promise<void>; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'laurel-built-'));
  const build = (): Promise<void> =>
    buildServerMirror(dir).then(
      () => writeFileSync(join(dir, READY), ''),
      (error: unknown) => writeFileSync(join(dir, FAILED), String((error as Error)?.stack ?? error)),
    );
  let building = build();
  const clear = async (): Promise<void> => {
    await building;
    for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
  };
  return {
    dir,
    rebuild: async () => {
      await clear();
      building = build();
      await building;
    },
    remove: async () => {
      await building;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves once the mirror in `dir` is built (or throws why it could not be); its main.js. */
export async function waitForMirror(dir: string, timeoutMs = 120_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(join(dir, READY))) {
    if (existsSync(join(dir, FAILED))) throw new Error(`the transpiled server could not be built:\n${readFileSync(join(dir, FAILED), 'utf8')}`);
    if (Date.now() > deadline) throw new Error(`the transpiled server was not built within ${timeoutMs} ms (${dir})`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return join(dir, 'packages/server/src/main.js');
}
