/** Every way baking or unbaking can fail. Closed set: callers switch on `code`, never on messages. */
export type BakingErrorCode =
  | 'not-png'
  | 'not-svg'
  | 'unknown-format'
  | 'too-large'
  | 'truncated'
  | 'bad-chunk'
  | 'bad-crc'
  | 'too-many-chunks'
  | 'itxt-too-large'
  | 'bad-itxt'
  | 'inflate-limit'
  | 'inflate-failed'
  | 'xml-unsafe'
  | 'xml-malformed'
  | 'svg-active-content'
  | 'bad-payload';

/** What each code means, for reports and problem documents. */
export const BAKING_ERROR_DESCRIPTIONS = {
  'not-png': 'The file is not a PNG image.',
  'not-svg': 'The file is not an SVG image.',
  'unknown-format': 'The image is neither PNG nor SVG.',
  'too-large': 'The image is larger than allowed.',
  'truncated': 'The PNG ends early or a chunk runs past its end.',
  'bad-chunk': 'The PNG has a malformed chunk.',
  'bad-crc': 'A PNG chunk fails its checksum.',
  'too-many-chunks': 'The PNG has more chunks than allowed.',
  'itxt-too-large': 'The Open Badges text chunk is larger than allowed.',
  'bad-itxt': 'The Open Badges text chunk is malformed.',
  'inflate-limit': 'The compressed Open Badges text expands past the allowed size.',
  'inflate-failed': 'The compressed Open Badges text is corrupt.',
  'xml-unsafe': 'The SVG declares a DOCTYPE or entities, which are refused.',
  'xml-malformed': 'The SVG is not well-formed XML.',
  'svg-active-content': 'The SVG contains scripts or embedded documents, which are refused.',
  'bad-payload': 'The badge data to bake, or found baked, is missing or malformed.',
} as const satisfies Record<BakingErrorCode, string>;

export class BakingError extends Error {
  override readonly name = 'BakingError';
  readonly code: BakingErrorCode;

  constructor(code: BakingErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isBakingError(value: unknown): value is BakingError {
  return value instanceof BakingError;
}
