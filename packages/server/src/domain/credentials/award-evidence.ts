import type { Evidence } from '@laurel/core';
import type { Deps } from '../deps.js';
import type { FieldChecks } from '../shared/validation.js';
import { isHttpUrl } from '../shared/validation.js';

export interface EvidenceInput {
  url?: string | undefined;
  /** An evidence file this organisation uploaded (`POST /api/v1/evidence-files`) that no award names yet. */
  fileId?: string | undefined;
  name?: string | undefined;
  narrative?: string | undefined;
  description?: string | undefined;
  genre?: string | undefined;
  audience?: string | undefined;
}

export interface ResolvedEvidence {
  evidence: Evidence[];
  /** Files to attach to the award in the transaction that stores it. */
  fileIds: string[];
}

/**
 * An award's evidence: links (any http(s) URL) and uploaded files, each file written as its stable URL with its
 * SHA-384 digest (`digestSRI`). A file must be this organisation's and not yet another award's; a link into
 * this server's evidence files must name one of this organisation's (a renewal cites its old files so) — never
 * another organisation's, which would publish their personal data under this award.
 */
export async function resolveEvidence(deps: Pick<Deps, 'store' | 'urls'>, orgId: string, inputs: EvidenceInput[], checks: FieldChecks): Promise<ResolvedEvidence> {
  const prefix = deps.urls.evidenceFile('');
  const evidence: Evidence[] = [];
  const fileIds: string[] = [];
  for (const [i, e] of inputs.entries()) {
    const at = `/evidence/${i}`;
    const base = { name: e.name, narrative: e.narrative, description: e.description, genre: e.genre, audience: e.audience };
    if (e.fileId !== undefined) {
      if (e.url !== undefined) checks.add(`${at}/url`, 'give a url or a fileId, not both');
      const file = await deps.store.evidenceFiles.findById(orgId, e.fileId);
      if (!file) checks.add(`${at}/fileId`, 'no such evidence file in this organisation');
      else if (file.credentialId) checks.add(`${at}/fileId`, 'this file is already the evidence of another award');
      else if (fileIds.includes(file.id)) checks.add(`${at}/fileId`, 'the same file twice');
      else {
        fileIds.push(file.id);
        evidence.push({ ...base, id: deps.urls.evidenceFile(file.id), name: e.name ?? file.name, digestSRI: file.digestSRI });
      }
      continue;
    }
    if (e.url !== undefined && !isHttpUrl(e.url)) checks.add(`${at}/url`, 'must be an http(s) URL');
    if (!e.url && !e.narrative) checks.add(at, 'needs a url, a fileId or a narrative');
    // Compared as the URL parser reads it (host case, dot segments), so no spelling slips past.
    const href = e.url !== undefined && isHttpUrl(e.url) ? new URL(e.url).href : e.url;
    if (href?.startsWith(prefix)) {
      const file = await deps.store.evidenceFiles.findById(orgId, href.slice(prefix.length).split(/[?#]/)[0] ?? '');
      if (!file) checks.add(`${at}/url`, 'names no evidence file of this organisation');
      else evidence.push({ ...base, id: deps.urls.evidenceFile(file.id), digestSRI: file.digestSRI });
      continue;
    }
    evidence.push({ ...base, id: e.url });
  }
  return { evidence, fileIds };
}
