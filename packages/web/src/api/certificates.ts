import { request, requestBlob } from './client';
import type { AchievementKind } from './types';

/** How certificates look (PUT /certificate-templates/:target). */
export interface CertificateDesign {
  orientation: 'landscape' | 'portrait';
  pageSize: 'auto' | 'a4' | 'letter';
  accentColor: string | null;
  inkColor: string;
  title: string | null;
  logoImageId: string | null;
  seal: 'badge' | 'image' | 'none';
  sealImageId: string | null;
  signatories: Array<{ name: string; title: string; signatureImageId: string | null }>;
}

export interface CertificateTemplate {
  id: string;
  /** `default`, a kind, or `achievement:<id>`. */
  target: string;
  design: CertificateDesign;
  createdAt: string;
  updatedAt: string;
}

export interface PreviewInput {
  design: CertificateDesign;
  kind: AchievementKind;
  recipientName: string;
  achievementName: string;
  issuerName: string;
  locale: string;
}

const path = (target: string) => `/certificate-templates/${encodeURIComponent(target)}`;

export const listCertificateTemplates = () => request<{ items: CertificateTemplate[] }>('GET', '/certificate-templates');
export const saveCertificateTemplate = (target: string, design: CertificateDesign) => request<CertificateTemplate>('PUT', path(target), { body: design });
export const deleteCertificateTemplate = (target: string) => request<void>('DELETE', path(target));
/** A specimen certificate (PDF) in a design not yet saved. */
export const previewCertificate = (input: PreviewInput, signal?: AbortSignal) => requestBlob('POST', '/certificate-templates/preview', input, signal);
