/** Every way a guarded outbound fetch can fail. Closed set: callers switch on `code`. */
export type FetchErrorCode =
  | 'invalid-url'
  | 'scheme-not-allowed'
  | 'address-not-allowed'
  | 'dns-failed'
  | 'connect-failed'
  | 'timeout'
  | 'too-many-redirects'
  | 'too-large'
  | 'bad-status'
  | 'bad-content-type'
  | 'bad-response'
  | 'bad-json';

export class FetchError extends Error {
  override readonly name = 'FetchError';
  readonly code: FetchErrorCode;
  /** The URL being fetched when the failure happened (after redirects). */
  readonly url: string | undefined;
  /** The HTTP status, for `bad-status`. */
  readonly status: number | undefined;

  constructor(
    code: FetchErrorCode,
    message: string,
    options: { cause?: unknown; url?: string | undefined; status?: number | undefined } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.url = options.url;
    this.status = options.status;
  }
}

export function isFetchError(value: unknown): value is FetchError {
  return value instanceof FetchError;
}
