import type { CertificateDesign } from '../../api/certificates';

/** The built-in design (what a target without a template of its own prints). */
export const DEFAULT_DESIGN: CertificateDesign = {
  orientation: 'landscape',
  pageSize: 'auto',
  accentColor: null,
  inkColor: '#1a2130',
  title: null,
  logoImageId: null,
  seal: 'badge',
  sealImageId: null,
  signatories: [],
};

export const MAX_SIGNATORIES = 3;
export const KIND_TARGETS = ['default', 'badge', 'certificate', 'certification'] as const;

/** The kind a preview of a target shows: a kind target's own, else a certificate of completion. */
export function previewKind(target: string, achievementKinds: Record<string, 'badge' | 'certificate' | 'certification'>): 'badge' | 'certificate' | 'certification' {
  if (target === 'badge' || target === 'certificate' || target === 'certification') return target;
  if (target.startsWith('achievement:')) return achievementKinds[target.slice('achievement:'.length)] ?? 'certificate';
  return 'certificate';
}
