export type DocumentLoaderErrorCode = 'unknown-document' | 'invalid-did' | 'did-not-resolved' | 'fragment-not-found';

/** Thrown by the offline document loader: it never fetches, so an unknown URL is an error. */
export class DocumentLoaderError extends Error {
  override readonly name = 'DocumentLoaderError';
  constructor(
    readonly code: DocumentLoaderErrorCode,
    message: string,
    readonly url: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
