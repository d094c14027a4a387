/** Ceilings applied to untrusted images before and while reading them. */
export interface UnbakeLimits {
  /** Largest image accepted at all, in bytes (UTF-16 code units for SVG text). */
  readonly maxBytes: number;
  /** Most PNG chunks walked before giving up. */
  readonly maxChunks: number;
  /** Largest Open Badges iTXt/tEXt/zTXt chunk (compressed size) or SVG element content, in bytes. */
  readonly maxTextBytes: number;
  /** Ceiling for inflating a compressed text chunk; inflation stops once it is passed. */
  readonly maxInflatedBytes: number;
}

export const DEFAULT_UNBAKE_LIMITS: UnbakeLimits = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxChunks: 10_000,
  maxTextBytes: 1024 * 1024,
  maxInflatedBytes: 1024 * 1024,
});

export function resolveLimits(limits: Partial<UnbakeLimits> | undefined): UnbakeLimits {
  return { ...DEFAULT_UNBAKE_LIMITS, ...limits };
}
