import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * STYLE.md: imports only point down. The domain knows no adapter; no adapter outside HTTP reaches
 * into the HTTP layer; ports never import deps.ts (which imports the ports: a cycle); and the server's
 * source has no import cycle at all.
 */
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(e.name) && !/\.(test|fixture)\.ts$/.test(e.name) ? [path] : [];
  });
}

/** Relative imports (static, `export … from`, and `import('…')` types) of a file, as absolute paths of .ts files. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => resolve(dirname(file), s).replace(/\.js$/, '.ts'));
}

const files = sourceFiles(SRC);
const rel = (f: string) => relative(SRC, f);
const graph = new Map(files.map((f) => [rel(f), importsOf(f).map(rel)]));

describe('imports point down (packages/server/src)', () => {
  it('the domain imports no adapter, config or composition root', () => {
    const upward = [...graph].flatMap(([f, deps]) => (f.startsWith('domain/') ? deps.filter((d) => !d.startsWith('domain/')).map((d) => `${f} -> ${d}`) : []));
    expect(upward).toEqual([]);
  });

  it('no adapter outside adapters/http imports from adapters/http', () => {
    const upward = [...graph].flatMap(([f, deps]) =>
      f.startsWith('adapters/') && !f.startsWith('adapters/http/') ? deps.filter((d) => d.startsWith('adapters/http/')).map((d) => `${f} -> ${d}`) : [],
    );
    expect(upward).toEqual([]);
  });

  it('ports (and the store they make up) never import deps.ts', () => {
    const bad = [...graph].flatMap(([f, deps]) => (/(^|\/)ports\.ts$|shared\/store\.ts$/.test(f) && deps.includes('domain/deps.ts') ? [f] : []));
    expect(bad).toEqual([]);
  });

  it('has no import cycle', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].join(' -> '));
        return;
      }
      state.set(f, 'open');
      for (const d of graph.get(f) ?? []) if (graph.has(d)) visit(d, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
