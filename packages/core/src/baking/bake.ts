import { BakingError } from './errors.js';
import { resolveLimits, type UnbakeLimits } from './limits.js';
import { hasPngSignature } from './png-chunks.js';
import { bakePng, unbakePng, type PngKeyword } from './png.js';
import { bakeSvg, unbakeSvg, type SvgPayload } from './svg.js';

export type ImageFormat = 'png' | 'svg';

/** One payload shape for every format; see SvgPayload for the meaning of each variant. */
export type BakePayload = SvgPayload;

export interface BakeInput {
  readonly format: ImageFormat;
  /** The artwork: PNG bytes, or SVG as UTF-8 bytes or text. */
  readonly image: Uint8Array | string;
  readonly payload: BakePayload;
}

/** What an image carried. `text` is the document itself (JSON, JWS, VC-JWT or hosted URL). */
export interface Unbaked {
  readonly format: ImageFormat;
  readonly version: 2 | 3;
  readonly text: string;
  /** SVG only: the `verify` attribute when it sits beside a CDATA document (OB 2.0 hosted URL). */
  readonly verify?: string;
}

interface Baker {
  bake(image: Uint8Array | string, payload: BakePayload, limits: UnbakeLimits): Uint8Array;
  unbake(image: Uint8Array, limits: UnbakeLimits): Unbaked | null;
}

const KEYWORD_BY_VERSION: Readonly<Record<2 | 3, PngKeyword>> = { 2: 'openbadges', 3: 'openbadgecredential' };

function pngText(payload: BakePayload): string {
  if (payload.version === 2) return payload.assertion ?? payload.verify;
  return 'jwt' in payload ? payload.jwt : payload.credential;
}

function decodeText(image: Uint8Array | string): string {
  if (typeof image === 'string') return image;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(image);
  } catch (error) {
    throw new BakingError('not-svg', 'SVG is not valid UTF-8', { cause: error });
  }
}

/** Bakers keyed by image format. */
const BAKERS = {
  png: {
    bake(image, payload, limits) {
      if (typeof image === 'string') throw new BakingError('not-png', 'A PNG must be given as bytes');
      const text = pngText(payload);
      if (!text) throw new BakingError('bad-payload', 'Nothing to bake');
      return bakePng(image, { keyword: KEYWORD_BY_VERSION[payload.version], text }, limits);
    },
    unbake(image, limits) {
      const found = unbakePng(image, limits);
      if (!found) return null;
      return { format: 'png', version: found.keyword === 'openbadges' ? 2 : 3, text: found.text };
    },
  },
  svg: {
    bake(image, payload, limits) {
      return new TextEncoder().encode(bakeSvg(decodeText(image), payload, limits));
    },
    unbake(image, limits) {
      const found = unbakeSvg(decodeText(image), limits);
      if (!found) return null;
      if (found.version === 3) return { format: 'svg', version: 3, text: 'jwt' in found ? found.jwt : found.credential };
      const text = found.assertion ?? found.verify ?? '';
      return { format: 'svg', version: 2, text, ...(found.assertion && found.verify ? { verify: found.verify } : {}) };
    },
  },
} satisfies Record<ImageFormat, Baker>;

/** The format of an image by its first bytes, or null when it is neither PNG nor (plausibly) SVG. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (hasPngSignature(bytes)) return 'png';
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '').trimStart();
  return head.startsWith('<') ? 'svg' : null;
}

/** Bake a payload into PNG or SVG artwork; returns the baked image's bytes. */
export function bake(input: BakeInput, limits?: Partial<UnbakeLimits>): Uint8Array {
  const baker: Baker | undefined = BAKERS[input.format];
  if (!baker) throw new BakingError('unknown-format', `Cannot bake into format ${String(input.format)}`);
  return baker.bake(input.image, input.payload, resolveLimits(limits));
}

/** Read the Open Badges payload of an image of either format; null when it carries none. */
export function unbake(image: Uint8Array, limits?: Partial<UnbakeLimits>): Unbaked | null {
  const resolved = resolveLimits(limits);
  if (image.length > resolved.maxBytes) {
    throw new BakingError('too-large', `Image is ${image.length} bytes; the limit is ${resolved.maxBytes}`);
  }
  const format = sniffImageFormat(image);
  if (!format) throw new BakingError('unknown-format', 'Not a PNG or SVG image');
  return BAKERS[format].unbake(image, resolved);
}
