import { requirePermission } from '../auth/permissions.js';
import type { Actor } from '../shared/actor.js';
import { auditEntry } from '../shared/audit.js';
import { AppError, notFound } from '../shared/errors.js';
import type { TemplateDeps } from './certificate-deps.js';
import { checkedDesign, imageIdsOf, parseTarget } from './design-rules.js';
import type { CertificateDesign, CertificateTemplate } from './ports.js';

/** The organisation's certificate templates (default, per kind, per achievement). */
export async function listCertificateTemplates(deps: Pick<TemplateDeps, 'store'>, input: { actor: Actor }): Promise<CertificateTemplate[]> {
  requirePermission(input.actor.principal, 'achievements:read');
  return deps.store.certificateTemplates.list(input.actor.principal.orgId);
}

/** Every image a design names must be one of the organisation's own (uploaded through /api/v1/images). */
export async function checkImages(deps: Pick<TemplateDeps, 'store'>, orgId: string, design: CertificateDesign): Promise<void> {
  for (const id of imageIdsOf(design)) {
    if (!(await deps.store.images.findById(orgId, id))) {
      throw new AppError('validation', `image ${id} is not one of this organisation's images`, { fields: [{ path: '/images', message: `unknown image ${id}` }] });
    }
  }
}

/** Create or replace the template for a target; an achievement target must be one of the organisation's. */
export async function saveCertificateTemplate(deps: TemplateDeps, input: { actor: Actor; target: string; design: CertificateDesign }): Promise<CertificateTemplate> {
  const { principal } = input.actor;
  const target = parseTarget(input.target);
  requirePermission(principal, 'achievements:write');
  if (target.startsWith('achievement:') && !(await deps.store.achievements.findById(principal.orgId, target.slice('achievement:'.length)))) throw notFound('achievement');
  const design = checkedDesign(input.design);
  await checkImages(deps, principal.orgId, design);
  const now = deps.clock.now().toISOString();
  const existing = await deps.store.certificateTemplates.find(principal.orgId, target);
  const template: CertificateTemplate = { id: existing?.id ?? deps.ids.id(), orgId: principal.orgId, target, design, createdAt: existing?.createdAt ?? now, updatedAt: now };
  await deps.store.transaction(async (tx) => {
    await tx.certificateTemplates.upsert(template);
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'certificate-template.save', { type: 'certificate-template', id: template.id }, { target }));
  });
  return template;
}

export async function deleteCertificateTemplate(deps: TemplateDeps, input: { actor: Actor; target: string }): Promise<void> {
  const { principal } = input.actor;
  const target = parseTarget(input.target);
  requirePermission(principal, 'achievements:write');
  await deps.store.transaction(async (tx) => {
    if (!(await tx.certificateTemplates.delete(principal.orgId, target))) throw notFound('certificate template');
    await tx.audit.record(auditEntry(deps.ids.id(), deps.clock.now(), input.actor, 'certificate-template.delete', { type: 'certificate-template', id: target }, { target }));
  });
}
