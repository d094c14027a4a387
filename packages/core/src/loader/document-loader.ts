import { BUNDLED_CONTEXTS, type JsonObject } from '../contexts/bundled.js';
import { DocumentLoaderError } from '../contexts/errors.js';
import type { DidResolver, DocumentLoader } from '../contexts/document-loader.js';
import { multikeyDidKeyDocument, multikeyFromDidKey } from '../keys/did-key.js';

export interface DocumentLoaderOptions {
  /** Further documents by URL: issuer controller documents, did:web documents, test fixtures. */
  extra?: ReadonlyMap<string, JsonObject> | Readonly<Record<string, JsonObject>>;
  /** DID methods other than did:key (e.g. did:web through the host's own, SSRF-guarded, fetch). */
  resolveDid?: DidResolver;
}

function splitFragment(url: string): { base: string; fragment: string | undefined } {
  const at = url.indexOf('#');
  return at < 0 ? { base: url, fragment: undefined } : { base: url.slice(0, at), fragment: url.slice(at + 1) };
}

function asArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

const VM_CONTAINERS = ['verificationMethod', 'assertionMethod', 'authentication', 'capabilityInvocation', 'capabilityDelegation', 'publicKey'];

/** Finds the embedded node `id` (a verification method) in a controller document. */
export function findVerificationMethod(document: JsonObject, id: string): JsonObject | undefined {
  const base = typeof document.id === 'string' ? document.id : '';
  for (const container of VM_CONTAINERS) {
    for (const entry of asArray(document[container])) {
      if (typeof entry !== 'object' || entry === null) continue;
      const node = entry as JsonObject;
      const nodeId = typeof node.id === 'string' && node.id.startsWith('#') ? base + node.id : node.id;
      if (nodeId === id) return { ...node, id };
    }
  }
  return undefined;
}

function withContextOf(parent: JsonObject, node: JsonObject): JsonObject {
  return node['@context'] !== undefined || parent['@context'] === undefined ? node : { '@context': parent['@context'], ...node };
}

/**
 * An offline JSON-LD document loader: bundled contexts, `extra` documents, `did:key` (Ed25519)
 * documents and verification methods, and other DIDs through `resolveDid`. Anything else is a
 * {@link DocumentLoaderError}: it never touches the network.
 */
export function createDocumentLoader(options: DocumentLoaderOptions = {}): DocumentLoader {
  const extra = options.extra instanceof Map ? options.extra : new Map(Object.entries(options.extra ?? {}));
  const { resolveDid } = options;

  async function loadBase(base: string, url: string): Promise<JsonObject> {
    const known = extra.get(base) ?? BUNDLED_CONTEXTS.get(base);
    if (known) return known;
    if (base.startsWith('did:key:')) {
      const key = multikeyFromDidKey(base);
      if (!key) throw new DocumentLoaderError('invalid-did', `Not an Ed25519, P-256 or P-384 did:key: ${base}`, url);
      return multikeyDidKeyDocument(key);
    }
    if (base.startsWith('did:') && resolveDid) {
      const document = await resolveDid(base).catch((cause: unknown) => {
        throw new DocumentLoaderError('did-not-resolved', `DID could not be resolved: ${base}`, url, { cause });
      });
      if (!document) throw new DocumentLoaderError('did-not-resolved', `DID could not be resolved: ${base}`, url);
      // A DID document speaks only for its own DID: one for another id vouches for nothing here.
      if (document.id !== base) throw new DocumentLoaderError('did-not-resolved', `the DID document of ${base} is for ${String(document.id)}`, url);
      return document;
    }
    throw new DocumentLoaderError('unknown-document', `Document not available offline: ${url}`, url);
  }

  return async (url: string) => {
    const exact = extra.get(url) ?? BUNDLED_CONTEXTS.get(url);
    if (exact) return { contextUrl: null, documentUrl: url, document: exact };
    const { base, fragment } = splitFragment(url);
    const document = await loadBase(base, url);
    if (fragment === undefined) return { contextUrl: null, documentUrl: url, document: structuredClone(document) };
    const node = findVerificationMethod(document, url);
    if (!node) throw new DocumentLoaderError('fragment-not-found', `No verification method ${url} in ${base}`, url);
    return { contextUrl: null, documentUrl: url, document: structuredClone(withContextOf(document, node)) };
  };
}
