import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import type { DocumentLoader } from '../../contexts/document-loader.js';
import { createJsonLdCache, type JsonLdCache } from './jsonld-cache.js';

export type Canonize = (input: unknown, options: Record<string, unknown>) => Promise<string>;
const referenceCanonize = (eddsaRdfc2022 as unknown as { canonize: Canonize }).canonize;

/** The options DataIntegrityProof passes for documents and proof options; anything else goes the reference way. */
function isStandard(options: Record<string, unknown>): options is { documentLoader: DocumentLoader } {
  for (const [key, value] of Object.entries(options)) {
    if (key === 'documentLoader' ? typeof value !== 'function' : key === 'base' ? value !== null : key === 'safe' ? value !== true : key === 'skipExpansion' ? value !== false : true) return false;
  }
  return typeof options.documentLoader === 'function';
}

/**
 * Process-wide cache of JSON-LD work per document shape (like jsonld.js's own context cache),
 * shared by signing, the terms check and verification.
 */
export const sharedJsonLdCache: JsonLdCache = createJsonLdCache();

/**
 * eddsa-rdfc-2022's `canonize`, served from `cache` when it can prove the result identical (see
 * `jsonld-cache.ts`), else from the reference implementation.
 */
export function fastCanonize(cache: JsonLdCache = sharedJsonLdCache): Canonize {
  return async (input, options) => {
    if (isStandard(options)) {
      const nquads = await cache.canonical(input, options.documentLoader);
      if (nquads !== undefined) return nquads;
    }
    return referenceCanonize(input, options);
  };
}

/**
 * The eddsa-rdfc-2022 cryptosuite with {@link fastCanonize}. Hashing, signing and verification
 * stay Digital Bazaar's.
 */
export function fastEddsaRdfc2022(cache: JsonLdCache = sharedJsonLdCache): typeof eddsaRdfc2022 {
  return { ...eddsaRdfc2022, canonize: fastCanonize(cache) } as typeof eddsaRdfc2022;
}
