import type { Quad, Term } from './rdf.js';

function nonce(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Placeholder strings: unique per process (a random nonce), free of whitespace, and of the same
 * class as the value they stand for (see `classOf`), so JSON-LD takes the same branch for both.
 */
export class Placeholders {
  private readonly mark = `lph${nonce()}x`;
  private readonly pattern = new RegExp(`${this.mark}(\\d+)z`, 'g');
  private readonly strings: string[] = [];

  /** The placeholder for slot `n`, shaped as a value of class `cls`. */
  make(n: number, cls: string): string {
    const token = `${this.mark}${n}z`;
    let value = token;
    if (cls !== 's') {
      const rest = cls.slice(2); // "<scheme>:" or "<scheme>:/"
      value = rest.endsWith(':/') ? `${rest.slice(0, -1)}//${token}` : `${rest}${token}`;
    }
    this.strings[n] = value;
    return value;
  }

  /**
   * Where each placeholder landed in a dataset. `exact[n]` counts whole-term occurrences (the
   * value of a subject, object or graph term that is an IRI or a literal), `inexact[n]` every
   * other occurrence (inside a longer string, a predicate, a datatype, a language, a blank node).
   */
  scan(quads: readonly Quad[], count: number): { exact: number[]; inexact: number[] } {
    const exact = new Array<number>(count).fill(0);
    const inexact = new Array<number>(count).fill(0);
    const look = (text: string | undefined, wholeTermAllowed: boolean): void => {
      if (text === undefined || !text.includes(this.mark)) return;
      for (const match of text.matchAll(this.pattern)) {
        const n = Number(match[1]);
        if (!(n < count)) continue;
        if (wholeTermAllowed && text === this.strings[n]) exact[n]! += 1;
        else inexact[n]! += 1;
      }
    };
    const term = (t: Term, role: 'node' | 'predicate'): void => {
      look(t.value, role === 'node' && (t.termType === 'NamedNode' || t.termType === 'Literal'));
      look(t.datatype?.value, false);
      look(t.language, false);
    };
    for (const q of quads) {
      term(q.subject, 'node');
      term(q.predicate, 'predicate');
      term(q.object, 'node');
      term(q.graph, 'node');
    }
    return { exact, inexact };
  }

  /** The slot number if `value` is exactly a placeholder made here. */
  slotOf(value: string): number | undefined {
    if (!value.includes(this.mark)) return undefined;
    const n = this.strings.indexOf(value);
    return n < 0 ? undefined : n;
  }
}
