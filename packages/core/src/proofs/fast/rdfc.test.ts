/// <reference path="./rdf-canonize.d.ts" />
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as rdfCanonize from 'rdf-canonize';
import { describe, expect, it } from 'vitest';
import { escapeIri, escapeLiteral } from './nquads-escape.js';
import type { Quad, Term } from './rdf.js';
import { canonizeDataset, canonizeReference, canonizeSimple } from './rdfc.js';

/** A small deterministic PRNG, so a failure names its seed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TRICKY = ['"', '\\', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u001f', '\u007f', ' ', '<', '>', '{', '}', '|', '^', '`', 'é', '🎓', '\u2028', '\ud800', 'a', 'Z', '0', ':', '/', '#', '@', '_'];
const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
const text = (rnd: () => number, max = 6) => Array.from({ length: Math.floor(rnd() * max) }, () => pick(rnd, TRICKY)).join('');

const outcome = (p: Promise<string>) => p.then((v) => v, (e: unknown) => `error: ${(e as Error).message}`);
const named = (value: string) => ({ termType: 'NamedNode' as const, value });
const blank = (value: string): Term => ({ termType: 'BlankNode', value });
const XSD_STRING = named('http://www.w3.org/2001/XMLSchema#string');
const LANG_STRING = named('http://www.w3.org/1999/02/22-rdf-syntax-ns#langString');
const DEFAULT_GRAPH: Term = { termType: 'DefaultGraph', value: '' };

/** A random dataset: few predicates and values, so blank nodes often look alike (non-unique first-degree hashes). */
function randomDataset(rnd: () => number): Quad[] {
  const nodes = Array.from({ length: 1 + Math.floor(rnd() * 6) }, (_, i) => blank(`b${i}`));
  const iris = ['https://x.example/a', 'https://x.example/b c', `urn:${text(rnd, 3)}`].map(named);
  const predicates = ['https://p.example/p', 'https://p.example/q', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type'].map(named);
  const literal = (): Term => {
    const kind = rnd();
    if (kind < 0.4) return { termType: 'Literal', value: text(rnd), datatype: XSD_STRING };
    if (kind < 0.7) return { termType: 'Literal', value: text(rnd), datatype: LANG_STRING, language: pick(rnd, ['en', 'fr-CA', 'en-US']) };
    return { termType: 'Literal', value: text(rnd), datatype: named(pick(rnd, ['http://www.w3.org/2001/XMLSchema#dateTime', 'https://x.example/t y'])) };
  };
  const quads: Quad[] = [];
  const count = 1 + Math.floor(rnd() * 14);
  for (let i = 0; i < count; i++) {
    const subject = rnd() < 0.6 ? pick(rnd, nodes) : pick(rnd, iris);
    const r = rnd();
    const object = r < 0.35 ? pick(rnd, nodes) : r < 0.55 ? pick(rnd, iris) : literal();
    const g = rnd();
    const graph = g < 0.75 ? DEFAULT_GRAPH : g < 0.9 ? pick(rnd, nodes) : pick(rnd, iris);
    quads.push({ subject, predicate: pick(rnd, predicates), object, graph });
  }
  return quads;
}

describe('RDFC-1.0 fast path (unique first-degree hashes)', () => {
  it('escapes IRIs and literals exactly as rdf-canonize serialises them', () => {
    const samples = [...Array.from({ length: 0x80 }, (_, i) => String.fromCharCode(i)), 'é', '🎓', '\u2028', '\ud800', 'a"b\\c\nd', ''];
    const rnd = prng(1);
    for (let i = 0; i < 300; i++) samples.push(text(rnd, 12));
    for (const value of samples) {
      const line = rdfCanonize.NQuads.serializeQuadComponents(named(value), named('p'), { termType: 'Literal', value, datatype: XSD_STRING }, DEFAULT_GRAPH);
      expect(line).toBe(`<${escapeIri(value)}> <p> "${escapeLiteral(value)}" .\n`);
    }
  });

  it('gives rdf-canonize output on 3,000 random datasets', async () => {
    let simple = 0;
    for (let seed = 0; seed < 3000; seed++) {
      const quads = randomDataset(prng(seed));
      const expected = await canonizeReference(quads);
      const fast = await canonizeSimple(quads);
      if (fast !== undefined) {
        simple += 1;
        expect(fast, `seed ${seed}`).toBe(expected);
      }
      expect(await canonizeDataset(quads), `seed ${seed}`).toBe(expected);
    }
    expect(simple).toBeGreaterThan(2500);
  });

  it('declines, and falls back to rdf-canonize, when blank nodes have twins (equal first-degree hashes)', async () => {
    const twin = (t: Term): Term => (t.termType === 'BlankNode' ? blank(`t${t.value}`) : t);
    let declined = 0;
    for (let seed = 0; seed < 1000; seed++) {
      const quads = randomDataset(prng(seed));
      if (!quads.some((q) => [q.subject, q.object, q.graph].some((t) => t.termType === 'BlankNode'))) continue;
      // An isomorphic copy of every quad that mentions a blank node: each node's twin hashes the same.
      const copy = quads.filter((q) => [q.subject, q.object, q.graph].some((t) => t.termType === 'BlankNode')).map((q) => ({ subject: twin(q.subject), predicate: q.predicate, object: twin(q.object), graph: twin(q.graph) }));
      const doubled = [...quads, ...copy];
      expect(await canonizeSimple(doubled), `seed ${seed}`).toBeUndefined();
      declined += 1;
      // Same output, or the same refusal (rdf-canonize bounds the N-degree work on poison-like graphs).
      expect(await outcome(canonizeDataset(doubled)), `seed ${seed}`).toBe(await outcome(canonizeReference(doubled)));
    }
    expect(declined).toBeGreaterThan(500);
  });

  it('falls back to the full algorithm for two identical blank-node structures', async () => {
    const type = named('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');
    const alignment = named('https://schema.org/AlignmentObject');
    const name = named('https://schema.org/targetName');
    const s = named('https://x.example/achievement');
    const link = named('https://p.example/alignment');
    const same = (b: string): Quad[] => [
      { subject: s, predicate: link, object: blank(b), graph: DEFAULT_GRAPH },
      { subject: blank(b), predicate: type, object: alignment, graph: DEFAULT_GRAPH },
      { subject: blank(b), predicate: name, object: { termType: 'Literal', value: 'Same', datatype: XSD_STRING }, graph: DEFAULT_GRAPH },
    ];
    const quads = [...same('b0'), ...same('b1')];
    expect(await canonizeSimple(quads)).toBeUndefined();
    expect(await canonizeDataset(quads)).toBe(await canonizeReference(quads));
    expect(await canonizeDataset(quads)).toContain('_:c14n1');
  });

  it('declines blank node labels rdf-canonize would keep as they are (already c14n…)', async () => {
    const quads: Quad[] = [{ subject: blank('c14n7'), predicate: named('https://p.example/p'), object: named('https://x.example/a'), graph: DEFAULT_GRAPH }];
    expect(await canonizeSimple(quads)).toBeUndefined();
    expect(await canonizeDataset(quads)).toBe(await canonizeReference(quads));
  });

  it('reproduces 1EdTech canonicalisation test vectors from relabelled, shuffled input', async () => {
    // The vectors are in the repository (test-data/conformance, sources in its SOURCES.md).
    const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../../../test-data/conformance/ob3-examples/1edtech-canon-test-vectors');
    for (const file of ['document-canon.txt', 'proof-canon.txt']) {
      const canonical = readFileSync(join(dir, file), 'utf8');
      const rnd = prng(file.length);
      const relabel = (t: Term): Term => (t.termType === 'BlankNode' ? blank(`x${t.value.replace('c14n', '')}q`) : t);
      const quads = rdfCanonize.NQuads.parse(canonical).map((q) => ({ subject: relabel(q.subject as Term), predicate: q.predicate as Term, object: relabel(q.object as Term), graph: relabel(q.graph as Term) }));
      quads.sort(() => rnd() - 0.5);
      expect(await canonizeDataset(quads)).toBe(canonical);
      expect(await canonizeReference(quads)).toBe(canonical);
    }
  });
});
