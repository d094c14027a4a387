import type { ErrorCode, FieldProblem } from '../../domain/shared/errors.js';

/** Problem `type` URIs are stable identifiers; each is documented in docs/problems.md. */
export const PROBLEM_BASE = 'https://laurel.dev/problems/';

/** HTTP-only problem codes (raised by the adapter, not the domain). */
export const HTTP_PROBLEM_CODES = [
  'invalid-json',
  'payload-too-large',
  'unsupported-media-type',
  'route-not-found',
  'bad-url',
  'uri-too-long',
  'csrf',
  'internal',
] as const;
export type HttpProblemCode = (typeof HTTP_PROBLEM_CODES)[number];

export const PROBLEMS = {
  validation: { status: 400, title: 'The request is not valid' },
  'not-found': { status: 404, title: 'Not found' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency-Key reused with a different request' },
  'invalid-state': { status: 409, title: 'Not possible in the current state' },
  'setup-already-done': { status: 409, title: 'Already set up' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'image-too-complex': { status: 422, title: 'The image is too costly to draw' },
  'server-busy': { status: 503, title: 'The server is busy' },
  'mfa-required': { status: 403, title: 'Multi-factor authentication required' },
  'step-up-required': { status: 403, title: 'Prove a factor again for this action' },
  'event-signature-invalid': { status: 401, title: 'The event is not signed by a known source' },
  'lti-launch-invalid': { status: 401, title: 'The LTI launch is not valid' },
  'lti-platform-unreachable': { status: 502, title: 'The LTI platform could not be reached' },
  'claim-code-expired': { status: 410, title: 'This claim code has expired' },
  'claim-code-withdrawn': { status: 410, title: 'This claim code was withdrawn' },
  'claim-code-used-up': { status: 409, title: 'This claim code has been used as many times as allowed' },
  'endorsement-not-verified': { status: 422, title: 'The endorsement does not verify' },
  'endorsement-revoked': { status: 410, title: 'This endorsement was revoked' },
  'credential-form-unavailable': { status: 410, title: 'This form of the credential can no longer be made' },
  'invalid-json': { status: 400, title: 'The body is not valid JSON' },
  'payload-too-large': { status: 413, title: 'The body is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  'route-not-found': { status: 404, title: 'No such route' },
  'bad-url': { status: 400, title: 'The URL is not valid' },
  'uri-too-long': { status: 414, title: 'The URL is too long' },
  csrf: { status: 403, title: 'Missing or wrong CSRF token' },
  internal: { status: 500, title: 'Internal error' },
  'selection-too-large': { status: 422, title: 'The selection is larger than one request may act on' },
} as const satisfies Record<ErrorCode | HttpProblemCode, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: ProblemCode;
  requestId?: string;
  errors?: (FieldProblem & { in?: string })[];
}

export function problem(code: ProblemCode, detail: string, extra: Partial<ProblemDocument> = {}): ProblemDocument {
  const { status, title } = PROBLEMS[code];
  return { type: `${PROBLEM_BASE}${code}`, title, status, detail, code, ...extra };
}
