import type { DocumentLoader } from '../../contexts/document-loader.js';

export interface UsedContexts {
  /**
   * Every key of every context the document uses (inline or loaded, scoped and imported ones
   * included): an over-approximation of the terms JSON-LD could look a `@vocab` value up as.
   */
  names: Set<string>;
  /** Each context URL reached, with the document object the loader gave for it. */
  documents: Map<string, unknown>;
}

/** The contexts a document uses, followed through the loader (`@context` and `@import` references). */
export async function contextsOf(document: unknown, documentLoader: DocumentLoader): Promise<UsedContexts> {
  const names = new Set<string>();
  const documents = new Map<string, unknown>();
  const pending: string[] = [];

  /** `mode`: outside any context, inside a context definition, or the value of `@context`/`@import`. */
  const visit = (value: unknown, mode: 'document' | 'definition' | 'reference'): void => {
    if (typeof value === 'string') {
      if (mode === 'reference') pending.push(value);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, mode);
      return;
    }
    const inside = mode !== 'document';
    for (const [key, child] of Object.entries(value)) {
      if (inside) names.add(key);
      visit(child, key === '@context' || (inside && key === '@import') ? 'reference' : inside ? 'definition' : 'document');
    }
  };

  visit(document, 'document');
  while (pending.length > 0) {
    const url = pending.pop()!;
    if (documents.has(url)) continue;
    const remote = await documentLoader(url);
    documents.set(url, remote.document);
    visit((remote.document as Record<string, unknown>)['@context'] ?? remote.document, 'reference');
  }
  return { names, documents };
}

/** True when the loader still gives the very same document objects (contexts are immutable). */
export async function sameContexts(documents: ReadonlyMap<string, unknown>, documentLoader: DocumentLoader): Promise<boolean> {
  for (const [url, document] of documents) {
    const remote = await documentLoader(url).catch(() => undefined);
    if (remote?.document !== document) return false;
  }
  return true;
}
