import type { DocumentLoader } from '../../contexts/document-loader.js';
import { Lru } from '../../lru.js';
import { toDataset, type Quad } from './rdf.js';
import { shapeOf, UnsupportedValue, type Shape } from './shape.js';
import { analyse, buildTemplate, group, instantiate, mayMergeNodes, type Template } from './template.js';
import { canonicalFromTemplate, compileCanonical, type CanonicalTemplate } from './canonical-template.js';
import { contextsOf, sameContexts, type UsedContexts } from './contexts-of.js';
import { canonizeDataset, canonizeReference } from './rdfc.js';

/**
 * Does once per document *shape* what JSON-LD does per document.
 *
 * Expanding a credential against its contexts and converting it to RDF costs ~95% of signing it.
 * For documents of the same shape (see `shape.ts`) that work only differs in where the string
 * values land, so it is done once with placeholders and the result (a "template" dataset) is
 * reused: each credential's dataset is the template with its own values put back. A template is
 * only made for a shape seen twice, only from leaves proven to land unchanged, and only kept
 * after its first use reproduced the reference canonical form of that document exactly; anything
 * it cannot prove goes the slow (reference) way.
 */
export interface JsonLdCache {
  /** The RDF dataset of `document` as `jsonld.toRDF` (safe mode) gives it, or undefined: use the slow path. */
  dataset(document: unknown, documentLoader: DocumentLoader): Promise<Quad[] | undefined>;
  /**
   * The canonical N-Quads (RDFC-1.0) of that dataset, as rdf-canonize gives them, or undefined:
   * use the slow path.
   */
  canonical(document: unknown, documentLoader: DocumentLoader): Promise<string | undefined>;
  /**
   * True when a template proves `document` passes JSON-LD safe mode (the template was made in
   * safe mode from values that cannot raise a safe-mode event); false means "unknown": check it.
   */
  passesSafeMode(document: unknown, documentLoader: DocumentLoader): Promise<boolean>;
  /**
   * The document's template match, when there is one: it passes safe mode (as `passesSafeMode`
   * true) and gives its canonical N-Quads under a loader without a second look-up.
   */
  prepared(document: unknown, documentLoader: DocumentLoader): Promise<PreparedDocument | undefined>;
  /** Counters, for tests and the benchmark. */
  stats(): { fast: number; slow: number; templates: number; preSerialised: number };
}

export interface PreparedDocument {
  /** As `canonical(document, documentLoader)` (the template is re-checked against this loader's contexts). */
  canonical(documentLoader: DocumentLoader): Promise<string | undefined>;
}

export interface JsonLdCacheOptions {
  /** Shapes remembered (each holds a small analysis). */
  maxShapes?: number;
  /** Templates kept (each ~ one dataset). */
  maxTemplates?: number;
  /** Sightings of a shape before a template is made for it (default 2: one-off documents stay cheap). */
  buildAfter?: number;
}

interface ShapeEntry {
  /** Unique per entry made (never reused), so templates can be keyed by it instead of the long shape key. */
  id: number;
  seen: number;
  slots?: Promise<boolean[] | undefined>;
}

interface TemplateEntry {
  template: Template;
  contexts: UsedContexts;
  /** The template pre-serialised for canonical N-Quads, when it compiles. */
  canonical: CanonicalTemplate | undefined;
}

export { canonizeDataset } from './rdfc.js';

export function createJsonLdCache(options: JsonLdCacheOptions = {}): JsonLdCache {
  // One cache for every loader (jsonld-signatures wraps the loader on each call): a template
  // records the context objects it was made with and is used only when the loader gives the same.
  const shapes = new Lru<string, ShapeEntry>(options.maxShapes ?? 1000);
  const templates = new Lru<string, Promise<TemplateEntry | undefined>>(options.maxTemplates ?? 1000);
  const counters = { fast: 0, slow: 0, templates: 0, preSerialised: 0 };
  const buildAfter = options.buildAfter ?? 2;

  let shapeIds = 0;

  /** The shape's entry (with its slot analysis once seen often enough), or undefined: not yet. */
  const shapeEntry = (document: unknown, shape: Shape, loader: DocumentLoader): ShapeEntry | undefined => {
    let entry = shapes.get(shape.key);
    if (!entry) {
      entry = { id: ++shapeIds, seen: 0 };
      shapes.set(shape.key, entry);
    }
    if (!entry.slots) {
      entry.seen += 1;
      if (entry.seen < buildAfter) return undefined;
      entry.slots = analyse(document, shape, loader);
    }
    return entry;
  };

  const makeTemplate = async (document: unknown, shape: Shape, slots: boolean[], loader: DocumentLoader): Promise<TemplateEntry | undefined> => {
    const grouping = group(shape, slots);
    const template = await buildTemplate(document, grouping, loader);
    if (!template) return undefined;
    const contexts = await contextsOf(document, loader);
    // Self-check: this document's dataset from the template must canonicalise exactly as the reference does.
    const quads = instantiate(template, grouping.values, contexts.names);
    if (!quads) return undefined;
    const reference = await canonizeReference(await toDataset(document, loader, true));
    if ((await canonizeDataset(quads)) !== reference) return undefined;
    let canonical = compileCanonical(template);
    // The pre-serialised form must give the reference too (else this template only serves datasets).
    if (canonical && (await canonicalFromTemplate(canonical, grouping.values)) !== reference) canonical = undefined;
    counters.templates += 1;
    return { template, contexts, canonical };
  };

  /** The template for the document's shape and its slot values, when one is proven and usable. */
  async function prepare(document: unknown, loader: DocumentLoader): Promise<{ entry: TemplateEntry; values: string[] } | undefined> {
    let shape: Shape;
    try {
      shape = shapeOf(document);
    } catch (error) {
      if (error instanceof UnsupportedValue) return undefined;
      throw error;
    }
    const known = shapeEntry(document, shape, loader);
    const slots = await known?.slots;
    if (!known || !slots) return undefined;
    const grouping = group(shape, slots);
    // A short key: shape entries are numbered (a re-made entry gets a new number), the pattern is small.
    const key = `${known.id}\u0000${grouping.pattern}`;
    let entry = templates.get(key);
    if (!entry) {
      entry = makeTemplate(document, shape, slots, loader).catch(() => undefined);
      templates.set(key, entry);
    }
    const ready = await entry;
    if (!ready || !(await sameContexts(ready.contexts.documents, loader))) return undefined;
    return { entry: ready, values: grouping.values };
  }

  async function dataset(document: unknown, loader: DocumentLoader): Promise<Quad[] | undefined> {
    const prepared = await prepare(document, loader);
    const quads = prepared && instantiate(prepared.entry.template, prepared.values, prepared.entry.contexts.names);
    if (quads) counters.fast += 1;
    else counters.slow += 1;
    return quads;
  }

  /** Canonical N-Quads of a prepared document: from the pre-serialised template, else its dataset. */
  async function canonicalOf({ entry, values }: { entry: TemplateEntry; values: string[] }): Promise<string | undefined> {
    if (entry.canonical && !mayMergeNodes(entry.template, values, entry.contexts.names)) {
      const nquads = await canonicalFromTemplate(entry.canonical, values);
      if (nquads !== undefined) {
        counters.preSerialised += 1;
        return nquads;
      }
    }
    // Shared first-degree hashes or coinciding quads: the dataset (which refuses the latter) and full RDFC-1.0.
    const quads = instantiate(entry.template, values, entry.contexts.names);
    return quads && canonizeDataset(quads);
  }

  const count = <T>(result: T | undefined): T | undefined => {
    if (result !== undefined) counters.fast += 1;
    else counters.slow += 1;
    return result;
  };

  async function canonical(document: unknown, loader: DocumentLoader): Promise<string | undefined> {
    const ready = await prepare(document, loader);
    return count(ready && (await canonicalOf(ready)));
  }

  async function prepared(document: unknown, loader: DocumentLoader): Promise<PreparedDocument | undefined> {
    const ready = count(await prepare(document, loader));
    if (!ready) return undefined;
    return {
      async canonical(other) {
        if (other !== loader && !(await sameContexts(ready.entry.contexts.documents, other))) return canonical(document, other);
        return count(await canonicalOf(ready));
      },
    };
  }

  async function passesSafeMode(document: unknown, loader: DocumentLoader): Promise<boolean> {
    const prepared = await prepare(document, loader);
    if (prepared) counters.fast += 1;
    else counters.slow += 1;
    return prepared !== undefined;
  }

  return { dataset, canonical, passesSafeMode, prepared, stats: () => ({ ...counters }) };
}
