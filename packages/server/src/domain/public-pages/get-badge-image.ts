import { bake, type BakePayload } from '@laurel/core';
import { requireIssuer, requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { notFound } from '../shared/errors.js';
import { artworkIn, artworkOf } from './badge-artwork.js';
import { loadCredentialBundle, loadPublicCredential, type CredentialBundle, type Viewer } from './load-public-credential.js';
import type { BadgeImageFormat, BadgeVersion } from './ports.js';
import type { BadgeMediaDeps } from './public-pages-deps.js';

export interface BadgeImage {
  mediaType: 'image/png' | 'image/svg+xml';
  bytes: Uint8Array;
  filename: string;
}

export interface BadgeImageInput {
  id: string;
  version: BadgeVersion;
  format: BadgeImageFormat;
  viewer?: Viewer | undefined;
}

/**
 * What is baked: OB 3.0 carries the signed credential JSON itself; OB 2.0 carries the hosted
 * assertion URL (verified by fetching it, so revocation shows).
 */
function payloadFor(deps: Pick<BadgeMediaDeps, 'urls'>, bundle: CredentialBundle, version: BadgeVersion): BakePayload {
  if (version === 3) return { version: 3, credential: bundle.signedCredential };
  return { version: 2, verify: deps.urls.ob2Assertion(bundle.credential.id) };
}

/** The achievement's artwork baked with the credential, as PNG or SVG, for OB 2.0 or OB 3.0. */
export async function bakeBadgeImage(deps: Pick<BadgeMediaDeps, 'urls' | 'artwork' | 'imaging'>, bundle: CredentialBundle, input: Omit<BadgeImageInput, 'id'>): Promise<BadgeImage> {
  const image = await artworkIn(input.format, await artworkOf(deps, bundle.achievement), deps.artwork);
  const bytes = bake({ format: input.format, image, payload: payloadFor(deps, bundle, input.version) });
  return {
    mediaType: input.format === 'png' ? 'image/png' : 'image/svg+xml',
    bytes,
    filename: `badge-${bundle.credential.id}-ob${input.version}.${input.format}`,
  };
}

/** A public credential's baked badge (private ones are not found). */
export async function getPublicBadgeImage(deps: BadgeMediaDeps, input: BadgeImageInput): Promise<BadgeImage> {
  return bakeBadgeImage(deps, await loadPublicCredential(deps, input), input);
}

/** Any credential of the caller's organisation, whatever its visibility. */
export async function getCredentialBadgeImage(deps: BadgeMediaDeps, input: BadgeImageInput & { actor: Actor }): Promise<BadgeImage> {
  const credential = await deps.store.credentials.findById(input.actor.principal.orgId, input.id);
  if (!credential) throw notFound('credential');
  requirePermission(input.actor.principal, 'credentials:read');
  requireIssuer(input.actor.principal, credential.issuerId);
  return bakeBadgeImage(deps, await loadCredentialBundle(deps, credential), input);
}
