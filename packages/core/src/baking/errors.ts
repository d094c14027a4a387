/** Every way baking or unbaking can fail. Closed set: callers switch on `code`, never on messages. */
export type BakingErrorCode =
  | 'not-png'
  | 'not-svg'
  | 'unknown-format'
  | 'too-large'
  | 'truncated'
  | 'bad-chunk'
  | 'bad-crc'
  | 'too-many-chunks'
  | 'itxt-too-large'
  | 'bad-itxt'
  | 'inflate-limit'
  | 'inflate-failed'
  | 'xml-unsafe'
  | 'xml-malformed'
  | 'svg-active-content'
  | 'bad-payload';

export class BakingError extends Error {
  override readonly name = 'BakingError';
  readonly code: BakingErrorCode;

  constructor(code: BakingErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isBakingError(value: unknown): value is BakingError {
  return value instanceof BakingError;
}
