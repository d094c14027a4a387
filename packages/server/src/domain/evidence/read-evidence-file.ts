import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import { isOwner } from '../public-pages/load-public-credential.js';
import type { Actor } from '../shared/actor.js';
import { notFound } from '../shared/errors.js';
import type { EvidenceFile } from './ports.js';

export interface EvidenceFileContent {
  file: EvidenceFile;
  bytes: Uint8Array;
}

/**
 * An evidence file at its stable public URL (`/evidence/<id>`, its award's `evidence[].id`), read as its award
 * is: a public credential's by anyone, a private one's only by its earner's session. A file no award names yet,
 * an award of another organisation than the file's, and anything not readable are all the same 404.
 */
export async function readPublicEvidenceFile(deps: Pick<Deps, 'store'>, input: { id: string; viewerUserId?: string | undefined }): Promise<EvidenceFileContent> {
  const file = await deps.store.evidenceFiles.findPublic(input.id);
  const credential = file?.credentialId ? await deps.store.credentials.findPublic(file.credentialId) : undefined;
  if (!file || !credential || credential.orgId !== file.orgId) throw notFound('evidence file');
  if (credential.visibility !== 'public' && !(await isOwner(deps, credential, input.viewerUserId))) throw notFound('evidence file');
  const bytes = await deps.store.evidenceFiles.content(file.orgId, file.id);
  if (!bytes) throw notFound('evidence file');
  return { file, bytes };
}

/** One of the organisation's evidence files (its metadata), for those who may read its credentials. */
export async function getEvidenceFile(deps: Pick<Deps, 'store'>, input: { actor: Actor; id: string }): Promise<EvidenceFile> {
  requirePermission(input.actor.principal, 'credentials:read');
  const file = await deps.store.evidenceFiles.findById(input.actor.principal.orgId, input.id);
  if (!file) throw notFound('evidence file');
  return file;
}

/** The bytes of one of the organisation's evidence files (attached or not), for those who may read its credentials. */
export async function downloadEvidenceFile(deps: Pick<Deps, 'store'>, input: { actor: Actor; id: string }): Promise<EvidenceFileContent> {
  const file = await getEvidenceFile(deps, input);
  const bytes = await deps.store.evidenceFiles.content(file.orgId, file.id);
  if (!bytes) throw notFound('evidence file');
  return { file, bytes };
}
