import type { FastifyReply } from 'fastify';

/** Whether the client went away (its connection closed) before its answer was complete. */
export const clientGone = (reply: FastifyReply): boolean => reply.raw.destroyed && !reply.raw.writableEnded;

/**
 * A signal that aborts when the client goes away before its answer is complete, for work nobody
 * would read (a render in the isolated pools). Not Fastify's `request.signal`: Node closes the
 * request stream once its body has been read, which aborts that signal while the client still waits.
 */
export function clientSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  const closed = (): void => {
    if (!reply.raw.writableEnded) controller.abort();
  };
  if (reply.raw.destroyed) closed();
  else reply.raw.once('close', closed);
  return controller.signal;
}
