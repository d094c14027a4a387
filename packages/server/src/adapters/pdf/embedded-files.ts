import type { PdfReader, PdfReadout } from '../../domain/verification/ports.js';
import { AppError } from '../../domain/shared/errors.js';
import { IsolationError, type IsolatedPool } from '../isolation/isolated-pool.js';
import { taskModule } from '../isolation/messages.js';
import { readEmbeddedFiles } from './embedded-files-task.js';
import { PDF_LIMITS, type PdfLimits } from './pdf-guard.js';

const TASK = { module: taskModule(import.meta.url, 'embedded-files-task'), fn: 'readEmbeddedFiles' };

/** A PDF that ran out of time or memory is refused as too complex; a full or closing pool is the server's state (503). */
function refusalOf(error: unknown, pool: IsolatedPool): PdfReadout {
  if (!(error instanceof IsolationError)) throw error;
  if (error.failure === 'timeout') return { ok: false, refusal: 'too-complex', detail: `reading it took longer than ${pool.limits.timeoutMs / 1000} s` };
  if (error.failure === 'memory') return { ok: false, refusal: 'too-complex', detail: `reading it needed more than ${pool.limits.heapMb} MiB of memory` };
  if (error.failure === 'crashed' || error.failure === 'failed') return { ok: false, refusal: 'unreadable', detail: 'the PDF reader stopped on it' };
  throw new AppError('server-busy', error.failure === 'closed' ? 'the server is shutting down' : 'every PDF reader is busy: try again shortly', { cause: error });
}

export interface PdfReaderOptions {
  limits?: PdfLimits | undefined;
  /** Where PDFs are parsed: off the event loop, with a heap limit and a deadline. Absent: in this thread (the CLI, tests). */
  isolation?: IsolatedPool | undefined;
}

/** The verifier's PDF reader: pdf-lib behind a raw-bytes guard (see prescanPdf), never throwing but for a busy server. */
export function pdfEmbeddedFilesReader(options: PdfReaderOptions = {}): PdfReader {
  const limits = options.limits ?? PDF_LIMITS;
  const pool = options.isolation;
  return {
    maxFileBytes: limits.maxFileBytes,
    embeddedFiles: (bytes) => (pool ? pool.run<PdfReadout>(TASK, [bytes, limits]).catch((e: unknown) => refusalOf(e, pool)) : readEmbeddedFiles(bytes, limits)),
  };
}
