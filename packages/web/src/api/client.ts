import { ApiError, type ProblemDocument } from './problem';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** A body sent as it is instead of JSON: FormData (the browser sets the multipart type) or text with its type. */
  raw?: { body: FormData | string; type?: string };
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;
let onStepUp: (() => Promise<boolean>) | null = null;
let onMfaRequired: (() => void) | null = null;

/** The session's CSRF token, sent as X-CSRF-Token on every unsafe request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request answers 401 (the session ended), so the app can show the sign-in page. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

/**
 * Called when a sensitive action answers `step-up-required`: asks the person to prove a factor again and
 * resolves true once they did (the request is then sent once more), false if they gave up.
 */
export function setStepUpHandler(handler: (() => Promise<boolean>) | null): void {
  onStepUp = handler;
}

/** Called when the console API answers `mfa-required` (the organisation requires a second factor). */
export function setMfaRequiredHandler(handler: (() => void) | null): void {
  onMfaRequired = handler;
}

export function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * One JSON request to the Laurel API. Resolves with the body (undefined for 204); rejects with ApiError. A
 * `step-up-required` answer asks the step-up handler, then sends the request once more.
 */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  try {
    return await send<T>(method, path, options);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'step-up-required' && onStepUp && (await onStepUp())) return send<T>(method, path, options);
    if (error instanceof ApiError && error.code === 'mfa-required') onMfaRequired?.();
    throw error;
  }
}

async function send<T>(method: Method, path: string, options: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.raw?.type) headers['content-type'] = options.raw.type;
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(withQuery(`/api/v1${path}`, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.raw ? options.raw.body : options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, { code: 'network', detail: 'network' });
  }

  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const problem: ProblemDocument = isObject(body) ? (body as ProblemDocument) : { detail: response.statusText };
    if (response.status === 401 && !path.startsWith('/session') && !path.startsWith('/setup')) onUnauthenticated?.();
    throw new ApiError(response.status, problem);
  }
  return body as T;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A file the API makes from a JSON request (a CSV, a zip): the bytes and the name the server gave it. */
export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

/** A request whose answer is a file; a problem document rejects with ApiError like `request`. */
async function fileResponse(method: Method, path: string, body: unknown, accept: string, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { accept: `${accept}, application/problem+json`, 'content-type': 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers, credentials: 'same-origin', body: JSON.stringify(body), signal: signal ?? null });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, { code: 'network', detail: 'network' });
  }
  if (!response.ok) {
    const problem: unknown = await response.json().catch(() => null);
    if (response.status === 401) onUnauthenticated?.();
    throw new ApiError(response.status, isObject(problem) ? (problem as ProblemDocument) : { detail: response.statusText });
  }
  return response;
}

/** POST a JSON body and receive a file (with the CSRF header, like any write). */
export async function downloadFile(path: string, body: unknown, fallbackName: string): Promise<DownloadedFile> {
  const response = await fileResponse('POST', path, body, '*/*');
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  return { blob: await response.blob(), filename };
}

/** A request whose answer is a PDF (the template preview): resolves with its bytes. */
export async function requestBlob(method: Method, path: string, body: unknown, signal?: AbortSignal): Promise<Blob> {
  return (await fileResponse(method, path, body, 'application/pdf', signal)).blob();
}

/** Hand a downloaded file to the browser as a download. */
export function saveFile(file: DownloadedFile): void {
  const url = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
