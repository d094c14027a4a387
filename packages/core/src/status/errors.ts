export type StatusListErrorCode = 'invalid-encoding' | 'index-out-of-range' | 'invalid-list' | 'too-short';

export class StatusListError extends Error {
  override readonly name = 'StatusListError';
  constructor(
    readonly code: StatusListErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
