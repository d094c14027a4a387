import { createHash } from 'node:crypto';
import type { Deps } from '../deps.js';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError } from '../shared/errors.js';
import { EVIDENCE_KINDS, EVIDENCE_MAX_BYTES, extensionOf, safeFileName, sniffEvidenceKind } from './file-kinds.js';
import type { EvidenceFile } from './ports.js';

export interface UploadEvidenceFileInput {
  actor: Actor;
  /** The name the uploader gave (multipart filename or `?name=`): cleaned, never used as a path. */
  name: string;
  /** The Content-Type the uploader declared for the file, if any: it must agree with the bytes. */
  declaredType?: string | undefined;
  bytes: Uint8Array;
}

const invalid = (message: string) => new AppError('validation', message, { fields: [{ path: '/file', message }] });

/**
 * Stores a file as evidence for an award to name (PDF, PNG, JPEG, GIF or WebP, at most 5 MiB). The kind is read
 * from the bytes; a name whose extension, or a declared type, says otherwise is refused (a script or a page
 * dressed as a PDF). Sealed at rest with its name; served only as its award allows (`read-evidence-file.ts`).
 */
export async function uploadEvidenceFile(deps: Pick<Deps, 'store' | 'clock' | 'ids'>, input: UploadEvidenceFileInput): Promise<EvidenceFile> {
  const { principal } = input.actor;
  requirePermission(principal, 'credentials:issue');
  const { bytes } = input;
  if (bytes.byteLength === 0) throw invalid('the file is empty');
  if (bytes.byteLength > EVIDENCE_MAX_BYTES) throw Object.assign(new Error(`the file is larger than ${EVIDENCE_MAX_BYTES} bytes`), { statusCode: 413 });
  const kind = sniffEvidenceKind(bytes);
  if (!kind) throw invalid('evidence files are PDF, PNG, JPEG, GIF or WebP (told by the file’s first bytes)');
  const { mediaType, extensions } = EVIDENCE_KINDS[kind];
  const name = safeFileName(input.name);
  const extension = extensionOf(name);
  if (extension !== undefined && !(extensions as readonly string[]).includes(extension)) throw invalid(`the file is ${kind.toUpperCase()}, not .${extension}: rename it or send the right file`);
  const declared = input.declaredType?.split(';')[0]?.trim().toLowerCase();
  if (declared && declared !== 'application/octet-stream' && declared !== mediaType) throw invalid(`the file is ${mediaType}, not ${declared}`);
  const now = deps.clock.now();
  const file: EvidenceFile = {
    id: deps.ids.id(),
    orgId: principal.orgId,
    credentialId: null,
    name,
    mediaType,
    bytes: bytes.byteLength,
    digestSRI: `sha384-${createHash('sha384').update(bytes).digest('base64')}`,
    createdBy: principal.userId ?? principal.apiKeyId ?? null,
    createdAt: now.toISOString(),
  };
  await deps.store.transaction(async (tx) => {
    await tx.evidenceFiles.insert(file, bytes);
    await tx.audit.record(auditEntry(deps.ids.id(), now, input.actor, 'evidence-file.upload', { type: 'evidence-file', id: file.id }, { mediaType, bytes: file.bytes }));
  });
  return file;
}
