import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : name.endsWith('.ts') ? [join(dir, name)] : []));
const sources = files(SRC).map((file) => ({ path: relative(SRC, file), text: readFileSync(file, 'utf8') }));
/** Imports that load a module at run time (`import type` loads nothing). */
const runtimeImports = (text: string): string[] => [...text.matchAll(/^import (?!type )[^;]*? from '([^']+)'/gms)].map((m) => m[1]!);

// Tracing is off unless OTEL_EXPORTER_OTLP_ENDPOINT is set, and then it must cost nothing: the SDK and its
// instrumentations are never loaded, which holds only while nothing but a dynamic import reaches them.
describe('tracing off costs nothing', () => {
  it('only adapters/tracing/otel.ts names the OpenTelemetry SDK, and only dynamically', () => {
    const naming = sources.filter((s) => /['"](@opentelemetry\/|@fastify\/otel)/.test(s.text)).map((s) => s.path);
    expect(naming).toEqual(['adapters/tracing/otel.ts']);
    const otel = sources.find((s) => s.path === 'adapters/tracing/otel.ts')!;
    expect(runtimeImports(otel.text).filter((m) => m.startsWith('@opentelemetry') || m === '@fastify/otel')).toEqual([]);
  });

  it('nothing imports the tracing module at run time; main.ts imports it only when an endpoint is set, before the server', () => {
    const loaders = sources.filter((s) => runtimeImports(s.text).some((m) => m.includes('tracing/otel')));
    expect(loaders.map((s) => s.path)).toEqual([]);
    const main = sources.find((s) => s.path === 'main.ts')!.text;
    // Fastify and node:http must load after tracing starts: main.ts itself imports only the config.
    expect(runtimeImports(main)).toEqual(['./config.js']);
    expect(main).toMatch(/config\.otlpEndpoint\s+\? await \(await import\('\.\/adapters\/tracing\/otel\.js'\)\)/);
    expect(main.indexOf("import('./adapters/tracing/otel.js')")).toBeLessThan(main.indexOf("import('./serve.js')"));
  });
});
