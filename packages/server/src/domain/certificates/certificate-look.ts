import type { AchievementKind } from '@laurel/core';
import type { LookDeps } from './certificate-deps.js';
import { DEFAULT_DESIGN, type CertificateDesign, type CertificateLook, type TemplateTarget } from './ports.js';

/** The design a certificate of this achievement uses: its own template, else its kind's, else the default. */
export async function designFor(deps: Pick<LookDeps, 'store'>, orgId: string, achievement: { id: string; kind: AchievementKind }): Promise<CertificateDesign> {
  for (const target of [`achievement:${achievement.id}`, achievement.kind, 'default'] as TemplateTarget[]) {
    const template = await deps.store.certificateTemplates.find(orgId, target);
    if (template) return template.design;
  }
  return DEFAULT_DESIGN;
}

/**
 * The design with its images read as PNG, each from the organisation's own images only (an id that
 * is not, or no longer, one of them prints nothing). Stored SVGs were sanitised on upload and are
 * drawn by the isolated renderer.
 */
export async function lookOf(deps: LookDeps, orgId: string, design: CertificateDesign, signal?: AbortSignal): Promise<CertificateLook> {
  const png = async (id: string | null): Promise<Uint8Array | null> => {
    if (!id) return null;
    const image = await deps.store.images.findById(orgId, id);
    if (!image) return null;
    return image.contentType === 'image/png' ? image.data : deps.artwork.svgToPng(new TextDecoder().decode(image.data), 512, { signal });
  };
  return {
    orientation: design.orientation,
    pageSize: design.pageSize,
    accentColor: design.accentColor,
    inkColor: design.inkColor,
    title: design.title,
    logoPng: await png(design.logoImageId),
    seal: design.seal,
    sealPng: design.seal === 'image' ? await png(design.sealImageId) : null,
    signatories: await Promise.all(design.signatories.map(async (s) => ({ name: s.name, title: s.title, signaturePng: await png(s.signatureImageId) }))),
  };
}
