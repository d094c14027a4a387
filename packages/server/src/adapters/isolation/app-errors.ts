import { AppError } from '../../domain/shared/errors.js';
import { IsolationError, type IsolatedPool } from './isolated-pool.js';

/**
 * An isolated image task that did not answer, as the domain's error: out of time or memory (or its
 * renderer died on it) is the image's fault, `image-too-complex`; no free renderer, or shutting
 * down, is the server's, `server-busy`. Work withdrawn by its caller (gone away) stays the
 * IsolationError it is: nobody reads an answer, and it says nothing about the image.
 */
export function imageWorkError(error: unknown, pool: IsolatedPool): AppError | IsolationError {
  if (!(error instanceof IsolationError)) return error instanceof AppError ? error : new AppError('image-too-complex', 'the image could not be drawn', { cause: error });
  switch (error.failure) {
    case 'aborted':
      return error;
    case 'timeout':
      return new AppError('image-too-complex', `drawing the image took longer than ${pool.limits.timeoutMs / 1000} s`, { cause: error });
    case 'memory':
      return new AppError('image-too-complex', 'drawing the image needed more memory than allowed', { cause: error });
    case 'crashed':
    case 'failed':
      return new AppError('image-too-complex', 'the image renderer stopped on this image', { cause: error });
    case 'busy':
      return new AppError('server-busy', 'every image renderer is busy: try again shortly', { cause: error });
    case 'closed':
      return new AppError('server-busy', 'the server is shutting down', { cause: error });
  }
}
