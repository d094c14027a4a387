import type { AchievementKind } from '@laurel/core';
import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import type { PreviewDeps } from './certificate-deps.js';
import { lookOf } from './certificate-look.js';
import { checkedDesign } from './design-rules.js';
import { checkImages } from './manage-templates.js';
import type { CertificateDesign } from './ports.js';
import type { PageSize } from '../public-pages/ports.js';

export interface PreviewInput {
  actor: Actor;
  design: CertificateDesign;
  kind: AchievementKind;
  recipientName: string;
  achievementName: string;
  issuerName: string;
  locale: string;
  size: PageSize;
  /** Aborts when nobody waits for the preview any more (the editor asked for a newer one): what is not yet drawn is not drawn. */
  signal?: AbortSignal | undefined;
}

/** A sample certificate in a design not yet saved (the template editor's live preview); nothing is stored. */
export async function previewCertificate(deps: PreviewDeps, input: PreviewInput): Promise<Uint8Array> {
  requirePermission(input.actor.principal, 'achievements:read');
  const design = checkedDesign(input.design);
  await checkImages(deps, input.actor.principal.orgId, design);
  const look = await lookOf(deps, input.actor.principal.orgId, design, input.signal);
  const badgePng = await deps.artwork.svgToPng(deps.artwork.defaultSvg(input.achievementName, input.kind), 512, { signal: input.signal });
  input.signal?.throwIfAborted();
  const now = deps.clock.now();
  return deps.certificates.render(
    {
      credentialId: 'urn:uuid:00000000-0000-4000-8000-000000000000',
      kind: input.kind,
      recipientName: input.recipientName,
      achievementName: input.achievementName,
      achievementDescription: '',
      issuerName: input.issuerName,
      issuerUrl: 'https://example.org',
      issuedOn: now.toISOString(),
      expiresAt: null,
      status: 'active',
      verificationUrl: 'https://example.org/verify',
      pageUrl: 'https://example.org/credentials/preview',
      signedCredential: '',
      badgePng,
      look,
      specimen: true,
    },
    { size: input.size, locale: input.locale, createdAt: now },
  );
}
