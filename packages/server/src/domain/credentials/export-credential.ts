import { buildOb2Assertion } from '@laurel/core';
import { requireIssuer, requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { notFound } from '../shared/errors.js';
import { toCoreAward } from '../public/to-core-model.js';
import { effectiveStatus } from './effective-status.js';
import { readSignedForm, type SignedFormDeps } from './signed-forms.js';

export const EXPORT_FORMATS = ['ob3', 'vc-jwt', 'ob2', 'ob2-jws'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_MEDIA_TYPES = {
  ob3: 'application/ld+json',
  'vc-jwt': 'application/vc+jwt',
  ob2: 'application/ld+json',
  'ob2-jws': 'application/jose',
} as const satisfies Record<ExportFormat, string>;

/** A credential in one of its published formats, for its organisation (whatever its visibility); a signed form never asked for is made now. */
export async function exportCredential(
  deps: SignedFormDeps,
  input: { actor: Actor; id: string; format: ExportFormat },
): Promise<{ mediaType: string; body: string }> {
  const credential = await deps.store.credentials.findById(input.actor.principal.orgId, input.id);
  if (!credential) throw notFound('credential');
  requirePermission(input.actor.principal, 'credentials:read');
  requireIssuer(input.actor.principal, credential.issuerId);
  const mediaType = EXPORT_MEDIA_TYPES[input.format];
  if (input.format === 'ob2') {
    const links = { issuer: deps.urls.ob2Issuer, badge: deps.urls.ob2Badge, assertion: deps.urls.ob2Assertion, badgeImage: deps.urls.badgeImage };
    return { mediaType, body: JSON.stringify(buildOb2Assertion(toCoreAward(credential, effectiveStatus(credential, deps.clock.now())), links)) };
  }
  return { mediaType, body: (await readSignedForm(deps, credential, input.format)).body };
}
