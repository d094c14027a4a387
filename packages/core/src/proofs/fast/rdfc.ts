/// <reference path="./rdf-canonize.d.ts" />
import * as rdfCanonize from 'rdf-canonize';
import MessageDigest from 'rdf-canonize/lib/MessageDigest.js';
import type { Quad, Term } from './rdf.js';

const { serializeQuadComponents } = rdfCanonize.NQuads;
const CANONICAL_PREFIX = 'c14n';

/** SHA-256 of `text` (UTF-8) as lowercase hex, with the digest RDFC-1.0 itself uses. */
export async function sha256Hex(text: string): Promise<string> {
  const md = new MessageDigest('sha256');
  md.update(text);
  return md.digest();
}

/** SHA-256 of `text` (UTF-8). */
export async function sha256(text: string): Promise<Uint8Array> {
  const hex = await sha256Hex(text);
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

function blankNode(value: string): Term {
  return { termType: 'BlankNode', value };
}

/** The quads that mention each blank node, in dataset order, each quad once per node (as rdf-canonize's sets). */
function mentionsOf(quads: readonly Quad[]): Map<string, Set<Quad>> | undefined {
  const mentions = new Map<string, Set<Quad>>();
  for (const quad of quads) {
    for (const term of [quad.subject, quad.object, quad.graph]) {
      if (term.termType !== 'BlankNode') continue;
      // rdf-canonize leaves labels that already start with its prefix as they are: not our case.
      if (term.value.startsWith(CANONICAL_PREFIX)) return undefined;
      const set = mentions.get(term.value);
      if (set) set.add(quad);
      else mentions.set(term.value, new Set([quad]));
    }
  }
  return mentions;
}

/** RDFC-1.0's Hash First Degree Quads: the node itself is `_:a`, every other blank node `_:z`. */
function firstDegreeHash(id: string, quads: ReadonlySet<Quad>): Promise<string> {
  const relabel = (t: Term): Term => (t.termType === 'BlankNode' ? blankNode(t.value === id ? 'a' : 'z') : t);
  const lines = Array.from(quads, (q) => serializeQuadComponents(relabel(q.subject), q.predicate, relabel(q.object), relabel(q.graph)));
  lines.sort();
  return sha256Hex(lines.join(''));
}

/**
 * RDFC-1.0 (as rdf-canonize 5 computes it) for the common case where every blank node has a
 * unique first-degree hash: the canonical labels are then issued in the order of those hashes
 * (spec step 5) and no N-degree hashing runs. Undefined when two first-degree hashes are equal
 * (or a label is unusual): the caller must run the full algorithm.
 */
export async function canonizeSimple(quads: readonly Quad[]): Promise<string | undefined> {
  const mentions = mentionsOf(quads);
  if (!mentions) return undefined;
  const byHash = new Map<string, string>();
  for (const [id, mentioning] of mentions) {
    const hash = await firstDegreeHash(id, mentioning);
    if (byHash.has(hash)) return undefined;
    byHash.set(hash, id);
  }
  const canonical = new Map<string, Term>();
  [...byHash.keys()].sort().forEach((hash, i) => canonical.set(byHash.get(hash)!, blankNode(`${CANONICAL_PREFIX}${i}`)));
  const relabel = (t: Term): Term => (t.termType === 'BlankNode' ? canonical.get(t.value)! : t);
  const lines = quads.map((q) => serializeQuadComponents(relabel(q.subject), q.predicate, relabel(q.object), relabel(q.graph)));
  lines.sort();
  return lines.join('');
}

const CANONIZE = { algorithm: 'RDFC-1.0', format: 'application/n-quads' } as const;

/** Canonical N-Quads (RDFC-1.0) of `quads`: the simple case here, anything else by rdf-canonize. */
export async function canonizeDataset(quads: Quad[]): Promise<string> {
  return (await canonizeSimple(quads)) ?? rdfCanonize.canonize(quads, CANONIZE);
}

/** rdf-canonize alone (the reference, for tests and the template self-check). */
export function canonizeReference(quads: Quad[]): Promise<string> {
  return rdfCanonize.canonize(quads, CANONIZE);
}
