export * from './urls.js';
export { BUNDLED_CONTEXTS, type JsonObject } from './bundled.js';
export { DocumentLoaderError, type DocumentLoaderErrorCode } from './errors.js';
export type { DidResolver, DocumentLoader, RemoteDocument } from './document-loader.js';
