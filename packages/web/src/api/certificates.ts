import { request, requestBlob } from './client';
import type { BodyOf, Item, ResponseOf } from './types';

/** How certificates look (PUT /certificate-templates/:target). */
export type CertificateDesign = BodyOf<'/api/v1/certificate-templates/{target}', 'put'>;
export type CertificateTemplate = Item<ResponseOf<'/api/v1/certificate-templates', 'get'>['items']>;
export type PreviewInput = BodyOf<'/api/v1/certificate-templates/preview', 'post'>;

const path = (target: string) => `/certificate-templates/${encodeURIComponent(target)}`;

export const listCertificateTemplates = () => request<{ items: CertificateTemplate[] }>('GET', '/certificate-templates');
export const saveCertificateTemplate = (target: string, design: CertificateDesign) => request<CertificateTemplate>('PUT', path(target), { body: design });
export const deleteCertificateTemplate = (target: string) => request<void>('DELETE', path(target));
/** A specimen certificate (PDF) in a design not yet saved. */
export const previewCertificate = (input: PreviewInput, signal?: AbortSignal) => requestBlob('POST', '/certificate-templates/preview', input, signal);
