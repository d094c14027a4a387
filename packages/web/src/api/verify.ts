import { request } from './client';
import type { VerifyReport } from './types';

export type VerifyInput = { kind: 'file'; file: File } | { kind: 'text'; text: string } | { kind: 'url'; url: string };

/** Public verification of any badge (the verify page): a file as multipart, pasted JSON or JWS as text, or a link. */
export function verifyBadge(input: VerifyInput, recipient?: string): Promise<VerifyReport> {
  const form = new FormData();
  if (input.kind === 'file') form.append('file', input.file, input.file.name);
  else form.append(input.kind, input.kind === 'text' ? input.text : input.url);
  if (recipient) form.append('recipient', recipient);
  // `channel=page`: counted in the analytics as a verification on the verify page, not through the API.
  return request<VerifyReport>('POST', '/verify', { raw: { body: form }, query: { channel: 'page' } });
}
