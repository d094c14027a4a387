import jsonld from 'jsonld';
import type { DocumentLoader } from '../../contexts/document-loader.js';

/** An RDF/JS term as jsonld.js and rdf-canonize exchange them. */
export interface Term {
  termType: 'NamedNode' | 'BlankNode' | 'Literal' | 'DefaultGraph';
  value: string;
  datatype?: { termType: 'NamedNode'; value: string };
  language?: string;
}

export interface Quad {
  subject: Term;
  predicate: Term;
  object: Term;
  graph: Term;
}

type ToRdf = (input: unknown, options: Record<string, unknown>) => Promise<Quad[]>;
const toRdf = (jsonld as unknown as { toRDF: ToRdf }).toRDF;

/**
 * `jsonld.toRDF` with the options eddsa-rdfc-2022's `canonize` uses (base null, i18n-datatype
 * directions, no generalized RDF); `safe` as given.
 */
export function toDataset(input: unknown, documentLoader: DocumentLoader, safe: boolean): Promise<Quad[]> {
  return toRdf(input, { documentLoader, base: null, safe, rdfDirection: 'i18n-datatype', produceGeneralizedRdf: false });
}
