import type { JsonObject } from './bundled.js';

/** What a JSON-LD document loader answers, and how DIDs are resolved; the loader itself (bundled contexts, did:key, other DIDs) is ../loader/document-loader.ts. */
export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: JsonObject;
}

/** The jsonld.js / jsonld-signatures document loader signature. */
export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/** Resolves a DID (without fragment) to its DID document, or undefined when it does not exist. */
export type DidResolver = (did: string) => Promise<JsonObject | undefined>;
