import type { Ob2Links } from '@laurel/core';

/** Absolute public URLs, all derived from LAUREL_BASE_URL. */
export interface PublicLinks extends Ob2Links {
  base: string;
}

export function publicLinks(baseUrl: string): PublicLinks {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    base,
    issuer: (id) => `${base}/ob2/issuers/${id}`,
    badge: (id) => `${base}/ob2/badges/${id}`,
    assertion: (id) => `${base}/ob2/assertions/${id}`,
    badgeImage: (id) => `${base}/ob2/badges/${id}/image`,
  };
}
