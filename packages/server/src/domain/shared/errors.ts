/** The closed set of error codes the domain raises. The HTTP adapter maps each to a status and problem type. */
export const ERROR_CODES = [
  'validation',
  'not-found',
  'unauthenticated',
  'forbidden',
  'conflict',
  'idempotency-key-reused',
  'invalid-state',
  'setup-already-done',
  'rate-limited',
  'image-too-complex',
  'server-busy',
  'selection-too-large',
  'mfa-required',
  'step-up-required',
  'event-signature-invalid',
  'lti-launch-invalid',
  'lti-platform-unreachable',
  'claim-code-expired',
  'claim-code-withdrawn',
  'claim-code-used-up',
  'endorsement-not-verified',
  'endorsement-revoked',
  'credential-form-unavailable',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldProblem {
  /** JSON pointer-ish path of the offending field, e.g. `/recipient/email`. */
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldProblem[] | undefined;
  /** `rate-limited`: seconds until a retry may succeed (sent as Retry-After). */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; fields?: FieldProblem[]; retryAfterSeconds?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.fields = options.fields;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const notFound = (what: string): AppError => new AppError('not-found', `${what} not found`);
export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
