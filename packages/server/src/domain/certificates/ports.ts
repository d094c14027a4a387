import type { AchievementKind } from '@laurel/core';

export const ORIENTATIONS = ['landscape', 'portrait'] as const;
export type Orientation = (typeof ORIENTATIONS)[number];
export const TEMPLATE_PAGE_SIZES = ['auto', 'a4', 'letter'] as const;
export type TemplatePageSize = (typeof TEMPLATE_PAGE_SIZES)[number];
export const SEALS = ['badge', 'image', 'none'] as const;
export type Seal = (typeof SEALS)[number];
export const MAX_SIGNATORIES = 3;

export interface Signatory {
  name: string;
  title: string;
  /** An image of the organisation's (uploaded through /api/v1/images), printed above the line. */
  signatureImageId: string | null;
}

/** How an organisation's certificates look: what the template editor edits. */
export interface CertificateDesign {
  orientation: Orientation;
  /** `auto`: Letter for readers where it is the norm, else A4. */
  pageSize: TemplatePageSize;
  /** `#rrggbb`; null: the colour of the achievement's kind. */
  accentColor: string | null;
  inkColor: string;
  /** Printed instead of "Certificate of completion" (the organisation's own words, not translated). */
  title: string | null;
  logoImageId: string | null;
  seal: Seal;
  sealImageId: string | null;
  signatories: Signatory[];
}

/**
 * What a template applies to: the organisation's default, every achievement of a kind, or one
 * achievement (`achievement:<id>`). The most specific one wins.
 */
export type TemplateTarget = 'default' | AchievementKind | `achievement:${string}`;

export interface CertificateTemplate {
  id: string;
  orgId: string;
  target: TemplateTarget;
  design: CertificateDesign;
  createdAt: string;
  updatedAt: string;
}

export interface CertificateTemplateRepo {
  list(orgId: string): Promise<CertificateTemplate[]>;
  find(orgId: string, target: TemplateTarget): Promise<CertificateTemplate | undefined>;
  /** Insert, or replace the design of the organisation's template for the same target. */
  upsert(template: CertificateTemplate): Promise<void>;
  delete(orgId: string, target: TemplateTarget): Promise<boolean>;
}

/** A design with its images read (PNG bytes), as the renderer draws it. */
export interface CertificateLook {
  orientation: Orientation;
  pageSize: TemplatePageSize;
  accentColor: string | null;
  inkColor: string;
  title: string | null;
  logoPng: Uint8Array | null;
  seal: 'badge' | 'image' | 'none';
  sealPng: Uint8Array | null;
  signatories: Array<{ name: string; title: string; signaturePng: Uint8Array | null }>;
}

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
