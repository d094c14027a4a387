import type { DocumentLoader } from '../../contexts/document-loader.js';
import { Placeholders } from './placeholders.js';
import { toDataset, type Quad, type Term } from './rdf.js';
import { rebuild, type Shape } from './shape.js';

/**
 * Which leaves of a shape go into the RDF dataset unchanged ("slots"): the leaf's placeholder
 * comes out as a whole IRI or literal, and nowhere else. Any other leaf (a `@vocab` value, a
 * language tag, a JSON literal, a double…) is "fixed": its real value becomes part of the key.
 * Returns undefined when the document cannot be converted at all.
 */
export async function analyse(document: unknown, shape: Shape, documentLoader: DocumentLoader): Promise<boolean[] | undefined> {
  const ph = new Placeholders();
  const instance = rebuild(document, (i) => ph.make(i, shape.leaves[i]!.cls));
  let quads: Quad[];
  try {
    quads = await toDataset(instance, documentLoader, false);
  } catch {
    return undefined;
  }
  const { exact, inexact } = ph.scan(quads, shape.leaves.length);
  return shape.leaves.map((_, i) => exact[i]! > 0 && inexact[i] === 0);
}

/** Leaves grouped by distinct value: equal values share one placeholder, as they share one node. */
export interface Grouping {
  /** Group of each leaf, or -1 for a fixed leaf. */
  groupOf: number[];
  /** Real value of each group. */
  values: string[];
  /** Class of each group. */
  classes: string[];
  /** The level-2 key within the shape: fixed values and the equality pattern of the slot values. */
  pattern: string;
}

export function group(shape: Shape, slots: readonly boolean[]): Grouping {
  const byValue = new Map<string, number>();
  const values: string[] = [];
  const classes: string[] = [];
  const groupOf: number[] = [];
  const parts: string[] = [];
  shape.leaves.forEach((leaf, i) => {
    if (!slots[i]) {
      groupOf.push(-1);
      parts.push(JSON.stringify(leaf.value));
      return;
    }
    let g = byValue.get(leaf.value);
    if (g === undefined) {
      g = values.length;
      byValue.set(leaf.value, g);
      values.push(leaf.value);
      classes.push(leaf.cls);
    }
    groupOf.push(g);
    parts.push(`#${g}`);
  });
  return { groupOf, values, classes, pattern: parts.join(',') };
}

/** A term of a template: constant, or the value of group `slot`. */
interface TemplateTerm extends Term {
  slot?: number;
}

interface TemplateQuad {
  subject: TemplateTerm;
  predicate: Term;
  object: TemplateTerm;
  graph: TemplateTerm;
}

export interface Template {
  quads: TemplateQuad[];
  /** Constant IRIs and blank nodes of the template: a slot value equal to one would merge nodes. */
  constantNodes: Set<string>;
  /** Groups that are IRI-like (class `i:…`). */
  iriGroups: number[];
}

/**
 * The dataset of the document with every slot group replaced by a placeholder, checked in safe
 * mode. Undefined when safe mode fails on it or a placeholder did not land as a whole term.
 */
export async function buildTemplate(document: unknown, grouping: Grouping, documentLoader: DocumentLoader): Promise<Template | undefined> {
  const ph = new Placeholders();
  grouping.classes.forEach((cls, g) => ph.make(g, cls));
  const instance = rebuild(document, (i, value) => {
    const g = grouping.groupOf[i]!;
    return g < 0 ? value : ph.make(g, grouping.classes[g]!);
  });
  let quads: Quad[];
  try {
    quads = await toDataset(instance, documentLoader, true);
  } catch {
    return undefined;
  }
  const { exact, inexact } = ph.scan(quads, grouping.values.length);
  if (exact.some((n) => n === 0) || inexact.some((n) => n > 0)) return undefined;
  const constantNodes = new Set<string>();
  const mark = (t: Term): TemplateTerm => {
    const slot = t.termType === 'NamedNode' || t.termType === 'Literal' ? ph.slotOf(t.value) : undefined;
    if (slot !== undefined) return { ...t, slot };
    if (t.termType === 'NamedNode' || t.termType === 'BlankNode') constantNodes.add(t.value);
    return t;
  };
  const templateQuads = quads.map((q) => ({ subject: mark(q.subject), predicate: q.predicate, object: mark(q.object), graph: mark(q.graph) }));
  const iriGroups = grouping.classes.flatMap((cls, g) => (cls === 's' ? [] : [g]));
  return { quads: templateQuads, constantNodes, iriGroups };
}

function fill(t: TemplateTerm, values: readonly string[]): Term {
  if (t.slot === undefined) return t;
  const { slot, ...term } = t;
  return { ...term, value: values[slot]! };
}

function identity(q: Quad): string {
  return `${q.graph.termType}|${q.graph.value}\n${q.subject.termType}|${q.subject.value}\n${q.predicate.value}\n${q.object.termType}|${q.object.value}`;
}

/** True when an IRI slot value equals a constant node or a term name: JSON-LD might merge nodes the template kept apart. */
export function mayMergeNodes(template: Template, values: readonly string[], termNames: ReadonlySet<string>): boolean {
  for (const g of template.iriGroups) {
    const value = values[g]!;
    if (template.constantNodes.has(value) || termNames.has(value)) return true;
  }
  return false;
}

/**
 * The document's dataset from its template and slot values. Undefined (use the slow path) when a
 * slot value could make JSON-LD merge nodes or drop a duplicate value differently than it did for
 * the template: an IRI slot equal to a constant node or a term name, or two quads that coincide.
 */
export function instantiate(template: Template, values: readonly string[], termNames: ReadonlySet<string>): Quad[] | undefined {
  if (mayMergeNodes(template, values, termNames)) return undefined;
  const seen = new Set<string>();
  const out: Quad[] = [];
  for (const q of template.quads) {
    const quad = { subject: fill(q.subject, values), predicate: q.predicate, object: fill(q.object, values), graph: fill(q.graph, values) };
    const id = identity(quad);
    if (seen.has(id)) return undefined;
    seen.add(id);
    out.push(quad);
  }
  return out;
}
