/** An RFC 9457 problem document, as the Laurel API sends it. */
export interface FieldProblem {
  path: string;
  message: string;
  in?: string;
}

export interface ProblemDocument {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  requestId?: string;
  errors?: FieldProblem[];
}

/** A failed API call: HTTP status, the problem code, a readable message, and messages per field. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly fields: Readonly<Record<string, string>>;

  constructor(status: number, problem: ProblemDocument) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? (status === 0 ? 'network' : 'http');
    this.requestId = problem.requestId;
    this.fields = fieldMap(problem.errors ?? []);
  }
}

/** `/recipient/email` → `recipient.email`; the first message per field wins. */
function fieldMap(errors: readonly FieldProblem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const key = e.path.replace(/^\//, '').replaceAll('/', '.') || '_';
    out[key] ??= e.message;
  }
  return out;
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
