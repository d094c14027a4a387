import type { Term } from './rdf.js';
import { escapeIri, escapeLiteral } from './nquads-escape.js';
import { sha256Hex } from './rdfc.js';
import type { Template } from './template.js';

const RDF_LANGSTRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const CANONICAL_PREFIX = 'c14n';

/** Part of an N-Quads line: fixed text, a slot value (escaped as an IRI or a literal), or a blank node. */
type Piece = string | { slot: number; literal: boolean } | { node: number };

interface LineTemplate {
  pieces: Piece[];
  /** Blank nodes the quad mentions (each once). */
  nodes: number[];
}

/**
 * A template's quads pre-serialised as N-Quads lines with holes for slot values and blank node
 * labels, so a document of the template costs string concatenation, a SHA-256 per blank node
 * and one sort (RDFC-1.0 when every first-degree hash is unique; see `canonizeSimple`).
 */
export interface CanonicalTemplate {
  lines: LineTemplate[];
  /** Per blank node, the lines that mention it. */
  mentions: number[][];
}

/** Appends `text` to the pieces, merging it with fixed text before it. */
function push(pieces: Piece[], piece: Piece): void {
  const last = pieces[pieces.length - 1];
  if (typeof piece === 'string' && typeof last === 'string') pieces[pieces.length - 1] = last + piece;
  else pieces.push(piece);
}

/**
 * Compiles `template`, or undefined when it has a term the serialisation here does not cover (a
 * blank-node predicate, a label that already looks canonical): such templates keep the general path.
 */
export function compileCanonical(template: Template): CanonicalTemplate | undefined {
  const nodeIndex = new Map<string, number>();
  const lines: LineTemplate[] = [];
  for (const quad of template.quads) {
    const pieces: Piece[] = [];
    const nodes: number[] = [];
    const node = (t: Term): Piece | undefined => {
      if (t.value.startsWith(CANONICAL_PREFIX)) return undefined;
      let n = nodeIndex.get(t.value);
      if (n === undefined) nodeIndex.set(t.value, (n = nodeIndex.size));
      if (!nodes.includes(n)) nodes.push(n);
      return { node: n };
    };
    const term = (t: Term & { slot?: number }, before: string): boolean => {
      if (t.termType === 'DefaultGraph') return true;
      push(pieces, before);
      if (t.termType === 'BlankNode') {
        const piece = node(t);
        if (!piece) return false;
        push(pieces, '_:');
        push(pieces, piece);
        return true;
      }
      const literal = t.termType === 'Literal';
      if (!literal && t.termType !== 'NamedNode') return false;
      push(pieces, literal ? '"' : '<');
      push(pieces, t.slot === undefined ? (literal ? escapeLiteral(t.value) : escapeIri(t.value)) : { slot: t.slot, literal });
      if (!literal) push(pieces, '>');
      else if (!t.datatype) return false;
      else if (t.datatype.value === RDF_LANGSTRING) push(pieces, t.language ? `"@${t.language}` : '"');
      else push(pieces, t.datatype.value === XSD_STRING ? '"' : `"^^<${escapeIri(t.datatype.value)}>`);
      return true;
    };
    if (quad.predicate.termType !== 'NamedNode' || quad.subject.termType === 'Literal') return undefined;
    const ok = term(quad.subject, '') && term(quad.predicate, ' ') && term(quad.object, ' ') && term(quad.graph, ' ');
    if (!ok) return undefined;
    push(pieces, ' .\n');
    lines.push({ pieces, nodes });
  }
  const mentions: number[][] = Array.from({ length: nodeIndex.size }, () => []);
  lines.forEach((line, i) => line.nodes.forEach((n) => mentions[n]!.push(i)));
  return { lines, mentions };
}

/** Each line with its slot values put in; blank nodes left as holes. */
function fillSlots(compiled: CanonicalTemplate, values: readonly string[]): Array<string | Piece[]> {
  const iri: string[] = [];
  const literal: string[] = [];
  const text = (piece: Piece): Piece => {
    if (typeof piece === 'string' || !('slot' in piece)) return piece;
    const g = piece.slot;
    if (piece.literal) return (literal[g] ??= escapeLiteral(values[g]!));
    return (iri[g] ??= escapeIri(values[g]!));
  };
  return compiled.lines.map((line) => {
    if (line.nodes.length === 0) {
      let out = '';
      for (const piece of line.pieces) out += text(piece) as string;
      return out;
    }
    const pieces: Piece[] = [];
    for (const piece of line.pieces) push(pieces, text(piece));
    return pieces;
  });
}

function label(pieces: Piece[], labelOf: (node: number) => string): string {
  let out = '';
  for (const piece of pieces) out += typeof piece === 'string' ? piece : labelOf((piece as { node: number }).node);
  return out;
}

/**
 * The canonical N-Quads (RDFC-1.0, as rdf-canonize gives them) of the template's dataset with
 * `values` in its slots: the same as `canonizeDataset(instantiate(template, values))`. Undefined
 * when two blank nodes share a first-degree hash, or two lines coincide (JSON-LD would have
 * merged them): the caller takes the general path.
 */
export async function canonicalFromTemplate(compiled: CanonicalTemplate, values: readonly string[]): Promise<string | undefined> {
  const filled = fillSlots(compiled, values);
  const byHash = new Map<string, number>();
  for (let n = 0; n < compiled.mentions.length; n++) {
    const lines = compiled.mentions[n]!.map((i) => label(filled[i] as Piece[], (m) => (m === n ? 'a' : 'z')));
    lines.sort();
    const hash = await sha256Hex(lines.join(''));
    if (byHash.has(hash)) return undefined;
    byHash.set(hash, n);
  }
  const canonical: string[] = [];
  [...byHash.keys()].sort().forEach((hash, i) => (canonical[byHash.get(hash)!] = `${CANONICAL_PREFIX}${i}`));
  const out = filled.map((line) => (typeof line === 'string' ? line : label(line, (n) => canonical[n]!)));
  out.sort();
  for (let i = 1; i < out.length; i++) if (out[i] === out[i - 1]) return undefined;
  return out.join('');
}
