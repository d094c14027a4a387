import jsonld from 'jsonld';
import type { DocumentLoader } from '../contexts/document-loader.js';
import { SigningError } from './errors.js';
import type { JsonLdCache, PreparedDocument } from './fast/jsonld-cache.js';
import { sharedJsonLdCache } from './fast/suite.js';

/** Throws `SigningError('undefined-terms')` when a term of `document` is not defined by its contexts. */
export type TermsCheck = (document: unknown, documentLoader: DocumentLoader) => Promise<void>;

function describe(error: unknown): string {
  const details = (error as { details?: { event?: { details?: Record<string, unknown>; message?: string } } }).details;
  const event = details?.event;
  const property = event?.details?.property ?? event?.details?.type ?? event?.details?.term;
  if (property !== undefined) return `"${String(property)}": ${event?.message ?? 'not defined by the @context'}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Expands `document` in JSON-LD safe mode: any property or type its contexts do not define
 * (which signing would otherwise drop silently) throws `SigningError('undefined-terms')`.
 * This is the reference check; {@link assertTermsDefined} skips it for shapes already proven.
 */
export async function expandSafely(document: unknown, documentLoader: DocumentLoader): Promise<void> {
  try {
    await jsonld.expand(document, { documentLoader, safe: true, base: null });
  } catch (error) {
    throw new SigningError('undefined-terms', `Term not defined by the document's @context: ${describe(error)}`, { cause: error });
  }
}

/**
 * A terms check that passes at once when `cache` holds a template for the document's shape
 * (made in safe mode from values that cannot raise a safe-mode error), else runs
 * {@link expandSafely}. Refusals always come from the reference expansion.
 */
export function cachedTermsCheck(cache: JsonLdCache): TermsCheck {
  return async (document, documentLoader) => {
    if (await cache.passesSafeMode(document, documentLoader)) return;
    await expandSafely(document, documentLoader);
  };
}

/** Throws `SigningError('undefined-terms')` when a term of `document` is not defined by its contexts (cached per shape). */
export const assertTermsDefined: TermsCheck = cachedTermsCheck(sharedJsonLdCache);

/**
 * {@link assertTermsDefined} that also hands back the document's template match (when it passed
 * through one), so signing can canonicalise the document without looking its shape up again.
 */
export async function assertTermsDefinedPrepared(document: unknown, documentLoader: DocumentLoader): Promise<PreparedDocument | undefined> {
  const prepared = await sharedJsonLdCache.prepared(document, documentLoader);
  if (prepared) return prepared;
  await expandSafely(document, documentLoader);
  return undefined;
}
