export { createDocumentLoader, findVerificationMethod, type DocumentLoaderOptions } from './document-loader.js';
