/** Minimal typing for rdf-canonize, covering only what the fast path calls. */
declare module 'rdf-canonize' {
  interface CanonizeTerm {
    termType: string;
    value: string;
    datatype?: { termType: string; value: string };
    language?: string;
  }
  export function canonize(dataset: unknown, options: { algorithm: string; format?: string }): Promise<string>;
  export const NQuads: {
    /** One quad as an N-Quads line (with its trailing newline), escaped as RDFC-1.0 output is. */
    serializeQuadComponents(s: CanonizeTerm, p: CanonizeTerm, o: CanonizeTerm, g: CanonizeTerm): string;
    parse(input: string): Array<{ subject: CanonizeTerm; predicate: CanonizeTerm; object: CanonizeTerm; graph: CanonizeTerm }>;
  };
}

/**
 * rdf-canonize's own SHA-256 digest: node:crypto under Node, WebCrypto in browsers (its package's
 * `browser` field swaps the file). `digest()` returns the hex string, or a promise of it.
 */
declare module 'rdf-canonize/lib/MessageDigest.js' {
  export default class MessageDigest {
    constructor(algorithm: 'sha256');
    update(message: string): void;
    digest(): string | Promise<string>;
  }
}
