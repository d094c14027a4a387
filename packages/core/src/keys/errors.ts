export type KeyErrorCode = 'invalid-key' | 'unsupported-key';

/** Thrown for malformed or unsupported key material (a programming or storage error). */
export class KeyError extends Error {
  override readonly name = 'KeyError';
  constructor(
    readonly code: KeyErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
