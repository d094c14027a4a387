export * from './urls.js';
export { BUNDLED_CONTEXTS, type JsonObject } from './bundled.js';
export { DocumentLoaderError, type DocumentLoaderErrorCode } from './errors.js';
export {
  createDocumentLoader,
  findVerificationMethod,
  type DidResolver,
  type DocumentLoader,
  type DocumentLoaderOptions,
  type RemoteDocument,
} from './document-loader.js';
