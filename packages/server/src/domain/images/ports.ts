import type { RasterLimits } from './processor.js';

/** What is stored: PNG (every raster upload, normalised) or sanitised SVG. */
export type StoredImageType = 'image/png' | 'image/svg+xml';
export type ImageSource = 'upload' | 'generated';

export interface ImageRecord {
  id: string;
  orgId: string;
  contentType: StoredImageType;
  source: ImageSource;
  data: Uint8Array;
  /** sha256 (hex) of `data`. */
  sha256: string;
  width: number;
  height: number;
  /** Length of `data` in bytes. */
  bytes: number;
  createdAt: string;
}

export interface ImageRepo {
  insert(image: ImageRecord): Promise<void>;
  findById(orgId: string, id: string): Promise<ImageRecord | undefined>;
  /** Any organisation's image: stored images are public artwork (`/images/:id.png`). */
  findPublic(id: string): Promise<ImageRecord | undefined>;
  findBySha256(orgId: string, sha256: string): Promise<ImageRecord | undefined>;
  /** What in the organisation names the image's public URL (`…/images/<id>.png|svg`). */
  usage(orgId: string, id: string): Promise<ImageUsage>;
  /** Deletes the organisation's image; false when it has none with that id. */
  delete(orgId: string, id: string): Promise<boolean>;
}

export interface ImageUsage {
  /** Achievements (archived ones too) whose artwork it is. */
  achievements: { id: string; name: string }[];
  /** Issuers whose image it is. */
  issuers: { id: string; name: string }[];
  /** Whether a credential already issued names it in its signed document (which can never change). */
  signedCredentials: boolean;
}

export type { Checked, ImageProcessor, RasterImage, RasterLimits, SanitisedSvg, WorkOptions } from './processor.js';

export interface ImageLimits extends RasterLimits {
  /** Largest accepted upload, in bytes (checked before decoding). */
  maxBytes: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = {
  maxBytes: 2 * 1024 * 1024,
  maxDimension: 4096,
  maxPixels: 4096 * 4096,
  outputMaxSide: 1024,
};

/** Width stored SVGs are rendered at when a PNG is asked for. */
export const SVG_RASTER_WIDTH = 512;
