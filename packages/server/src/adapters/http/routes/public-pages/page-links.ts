import type { PublicPageUrls } from '../../../../domain/public-pages/ports.js';

/** Absolute URLs of the public pages and downloads, from the public origin (LAUREL_BASE_URL). */
export function publicPageUrls(baseUrl: string): PublicPageUrls {
  const base = baseUrl.replace(/\/+$/, '');
  const credential = (id: string) => `${base}/credentials/${encodeURIComponent(id)}`;
  return {
    credentialPage: credential,
    credentialEmbed: (id) => `${credential(id)}/embed`,
    badgeImage: (id, format) => `${credential(id)}/badge.${format}`,
    certificatePdf: (id) => `${credential(id)}/certificate.pdf`,
    issuerPage: (id) => `${base}/issuers/${encodeURIComponent(id)}`,
    verifyPage: (url) => `${base}/verify?url=${encodeURIComponent(url)}`,
  };
}
