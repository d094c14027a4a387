/**
 * Reading a PDF's embedded files: pdf-lib behind the raw-bytes guard. Runs in an isolated worker
 * (see embedded-files.ts); never throws.
 */
import { PDFDocument } from 'pdf-lib';
import type { PdfReadout } from '../../domain/verification/ports.js';
import { embeddedFilesOf, Refused } from './embedded-file-tree.js';
import { prescanPdf, type PdfLimits } from './pdf-guard.js';

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n', 1)[0]!.slice(0, 200);

export async function readEmbeddedFiles(bytes: Uint8Array, limits: PdfLimits): Promise<PdfReadout> {
  const refused = prescanPdf(bytes, limits);
  if (refused) return { ok: false, refusal: 'too-complex', detail: refused };
  let pdf: PDFDocument;
  try {
    pdf = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true });
  } catch (error) {
    return { ok: false, refusal: 'unreadable', detail: message(error) };
  }
  if (pdf.isEncrypted) return { ok: false, refusal: 'encrypted', detail: 'the PDF is encrypted' };
  if (pdf.context.largestObjectNumber > limits.maxObjects) return { ok: false, refusal: 'too-complex', detail: `more than ${limits.maxObjects} objects` };
  try {
    return { ok: true, files: embeddedFilesOf(pdf, limits) };
  } catch (error) {
    return error instanceof Refused ? { ok: false, refusal: error.refusal, detail: error.message } : { ok: false, refusal: 'unreadable', detail: message(error) };
  }
}
