import { readdirSync, readFileSync } from 'node:fs';
import { VERIFICATION_CODE_PARAMS, VERIFICATION_CODES } from '@laurel/core';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../../../', import.meta.url);
const doc = readFileSync(new URL('docs/verification-codes.md', root), 'utf8');

/** `| \`code\` | check | \`a\`, \`b\` | meaning |` rows of the doc: code -> params. */
function documented(): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of doc.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const code = /^`([a-z0-9-]+)`$/.exec(cells[1] ?? '')?.[1];
    if (!code) continue;
    expect(rows.has(code), `${code} is documented twice`).toBe(false);
    rows.set(code, [...(cells[3] ?? '').matchAll(/`(\w+)`/g)].map((m) => m[1]!));
  }
  return rows;
}

/** Every code literal handed to pass(name, code…), fail(name, code…) or checkReason(code…) in the verifiers' sources. */
function emitted(): Set<string> {
  const found = new Set<string>();
  for (const dir of ['packages/core/src/verify/', 'packages/server/src/domain/verification/']) {
    for (const file of readdirSync(new URL(dir, root)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'codes.ts')) {
      const source = readFileSync(new URL(`${dir}${file}`, root), 'utf8');
      for (const m of source.matchAll(/\b(?:pass|fail)\(\s*'[\w-]+',\s*'([\w-]+)'|\bcheckReason\(\s*'([\w-]+)'/g)) found.add((m[1] ?? m[2])!);
    }
  }
  return found;
}

describe('verification reason codes', () => {
  it('are kebab-case and unique', () => {
    for (const code of VERIFICATION_CODES) expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new Set(VERIFICATION_CODES).size).toBe(VERIFICATION_CODES.length);
  });

  it('are each documented in docs/verification-codes.md with their params, and the doc lists no other', () => {
    const rows = documented();
    for (const code of VERIFICATION_CODES) {
      expect(rows.has(code), `${code} is not in docs/verification-codes.md`).toBe(true);
      expect(rows.get(code), code).toEqual([...VERIFICATION_CODE_PARAMS[code]]);
    }
    expect([...rows.keys()].sort()).toEqual([...VERIFICATION_CODES].sort());
  });

  it('every code emitted by the verifiers is in the list, and every code in the list is emitted', () => {
    const codes = emitted();
    expect([...codes].filter((c) => !(VERIFICATION_CODES as string[]).includes(c))).toEqual([]);
    expect(VERIFICATION_CODES.filter((c) => !codes.has(c))).toEqual([]);
  });
});
