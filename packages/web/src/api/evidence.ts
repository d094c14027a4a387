import { request } from './client';
import type { Schemas } from './types';

/** An uploaded evidence file: name it in an award as `evidence: [{fileId: id}]`. */
export type EvidenceFile = Schemas['EvidenceFile'];

export function uploadEvidenceFile(file: File): Promise<EvidenceFile> {
  const form = new FormData();
  form.append('file', file, file.name);
  return request<EvidenceFile>('POST', '/evidence-files', { raw: { body: form } });
}
