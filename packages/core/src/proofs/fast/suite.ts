import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import type { DocumentLoader } from '../../contexts/document-loader.js';
import { canonizeDataset, createJsonLdCache, type JsonLdCache } from './jsonld-cache.js';

type Canonize = (input: unknown, options: Record<string, unknown>) => Promise<string>;
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
 * The eddsa-rdfc-2022 cryptosuite with `canonize` served from `cache` when it can prove the
 * result identical (see `jsonld-cache.ts`), else from the reference implementation. Hashing,
 * signing and verification stay Digital Bazaar's.
 */
export function fastEddsaRdfc2022(cache: JsonLdCache = sharedJsonLdCache): typeof eddsaRdfc2022 {
  const canonize: Canonize = async (input, options) => {
    if (isStandard(options)) {
      const quads = await cache.dataset(input, options.documentLoader);
      if (quads) return canonizeDataset(quads);
    }
    return referenceCanonize(input, options);
  };
  return { ...eddsaRdfc2022, canonize } as typeof eddsaRdfc2022;
}
