import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { AppError } from '../shared/errors.js';
import { badgeSvg } from './badge/badge-svg.js';
import { checkBadgeDesign, type BadgeDesignInput } from './badge/design.js';
import type { ImageRecord } from './ports.js';
import type { ImagesDeps } from './images-deps.js';
import { storeImage } from './store-image.js';
import { checkedSvg } from './upload-image.js';

export interface GenerateImageInput {
  actor: Actor;
  design: BadgeDesignInput;
  /** Aborts when nobody waits for the answer any more (the live preview moved on): the drawing is withdrawn, nothing is stored. */
  signal?: AbortSignal | undefined;
}

/**
 * The generated SVG, passed through the same sanitiser as uploads: what it would take out is a bug in
 * the generator, so anything removed is an error rather than a silent change.
 */
async function safeBadge(deps: Pick<ImagesDeps, 'imaging'>, { design, signal }: GenerateImageInput) {
  const svg = badgeSvg(checkBadgeDesign(design));
  const checked = await checkedSvg(deps, svg, { signal });
  if (checked.removed.length > 0) throw new AppError('invalid-state', `the badge generator produced content the sanitiser removed: ${checked.removed.join(', ')}`);
  return checked;
}

/** A badge drawn from a design, for live preview: nothing is stored. */
export async function previewBadge(deps: Pick<ImagesDeps, 'imaging'>, input: GenerateImageInput): Promise<string> {
  requirePermission(input.actor.principal, 'achievements:read');
  return (await safeBadge(deps, input)).svg;
}

/** A badge drawn from a design and stored like an upload (SVG, with a PNG rendering at its URL). */
export async function generateImage(deps: ImagesDeps, input: GenerateImageInput): Promise<ImageRecord> {
  requirePermission(input.actor.principal, 'achievements:write');
  const badge = await safeBadge(deps, input);
  return storeImage(deps, input.actor, { contentType: 'image/svg+xml', source: 'generated', data: new TextEncoder().encode(badge.svg), width: badge.width, height: badge.height });
}
