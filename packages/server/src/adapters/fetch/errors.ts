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

/** What each code means, for reports and problem documents. */
export const FETCH_ERROR_DESCRIPTIONS = {
  'invalid-url': 'The URL is not valid.',
  'scheme-not-allowed': 'Only http and https URLs are fetched.',
  'address-not-allowed': 'The host resolves to a private, loopback, link-local or otherwise non-public address.',
  'dns-failed': 'The host name could not be resolved.',
  'connect-failed': 'The connection failed.',
  'timeout': 'The server took too long to answer.',
  'too-many-redirects': 'The server redirected too many times.',
  'too-large': 'The response is larger than allowed.',
  'bad-status': 'The server answered with an error status.',
  'bad-content-type': 'The response has an unexpected content type.',
  'bad-response': 'The response is malformed.',
  'bad-json': 'The response is not valid JSON.',
} as const satisfies Record<FetchErrorCode, string>;

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

/**
 * What a person is told about a failed fetch: a coarse class, never a resolved address, an internal host
 * name, a resolver error code or a socket error (those stay in the message, for the server's log).
 */
export function fetchFailureClass(error: FetchError): string {
  switch (error.code) {
    case 'invalid-url':
      return 'not a valid URL';
    case 'scheme-not-allowed':
      return 'only http(s) URLs are fetched';
    case 'address-not-allowed':
      return 'not allowed (private address)';
    case 'dns-failed':
      return 'host not found';
    case 'connect-failed':
      return (error.cause as { code?: unknown } | undefined)?.code === 'ECONNREFUSED' ? 'connection refused' : 'connection failed';
    case 'timeout':
      return 'timed out';
    case 'too-many-redirects':
      return 'too many redirects';
    case 'too-large':
      return 'too large';
    case 'bad-status':
      return `HTTP ${error.status ?? 'error'}`;
    case 'bad-content-type':
      return 'unexpected content type';
    case 'bad-response':
      return 'malformed response';
    case 'bad-json':
      return 'not valid JSON';
  }
}
