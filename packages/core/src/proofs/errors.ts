export type SigningErrorCode =
  /** A term of the document is not defined by its `@context`s: it would be silently dropped. */
  | 'undefined-terms'
  /** The document is not a credential/assertion this suite can sign (missing id, issuer, dates…). */
  | 'invalid-document'
  /** No suite of that name in the registry. */
  | 'unknown-suite'
  /** The suite needs key material that was not given. */
  | 'missing-key'
  /** The underlying library failed. */
  | 'signing-failed';

/** The only error signing throws. */
export class SigningError extends Error {
  override readonly name = 'SigningError';
  constructor(
    readonly code: SigningErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
