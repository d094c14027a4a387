import { taskModule } from './messages.js';
import { createIsolatedPool, type IsolatedPool, type IsolationLimits } from './isolated-pool.js';

/**
 * Where untrusted files are parsed and drawn, off the event loop: PDFs (pdf-lib, JavaScript) in
 * worker threads with a V8 heap limit; SVG (jsdom, resvg: native code a thread cannot interrupt) in
 * child processes, killed outright past their deadline, their whole memory capped where the
 * platform allows.
 */
export interface UntrustedWork {
  pdf: IsolatedPool;
  images: IsolatedPool;
  /** Fails what is running or waiting and stops every worker; settles once all are gone. */
  close(): Promise<void>;
}

export const UNTRUSTED_LIMITS: { pdf: IsolationLimits; images: IsolationLimits } = {
  pdf: { workers: 2, timeoutMs: 10_000, queueTimeoutMs: 10_000, heapMb: 256 },
  images: { workers: 2, timeoutMs: 5_000, queueTimeoutMs: 10_000, heapMb: 256, memoryMb: 1024 },
};

export function createUntrustedWork(limits: { pdf?: Partial<IsolationLimits>; images?: Partial<IsolationLimits> } = {}): UntrustedWork {
  const pdf = createIsolatedPool('thread', { ...UNTRUSTED_LIMITS.pdf, ...limits.pdf }, { preload: [taskModule(import.meta.url, '../pdf/embedded-files-task')] });
  const images = createIsolatedPool('process', { ...UNTRUSTED_LIMITS.images, ...limits.images }, { preload: [taskModule(import.meta.url, '../images/render-task'), taskModule(import.meta.url, '../images/sanitise-task')] });
  return { pdf, images, close: async () => void (await Promise.all([pdf.close(), images.close()])) };
}
