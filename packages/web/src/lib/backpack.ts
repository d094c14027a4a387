import type { BackpackItem } from '../api/types';

export const BACKPACK_SORTS = ['newest', 'oldest', 'name', 'issuer'] as const;
export type BackpackSort = (typeof BACKPACK_SORTS)[number];

export interface BackpackFilters {
  issuerId: string;
  kind: string;
  tag: string;
  status: string;
  /** A year ("2025") the credential was issued in. */
  year: string;
  sort: BackpackSort;
}

export const NO_FILTERS: BackpackFilters = { issuerId: '', kind: '', tag: '', status: '', year: '', sort: 'newest' };

/** The choices each filter offers, from what the backpack holds. */
export function filterChoices(items: readonly BackpackItem[]) {
  const issuers = new Map<string, string>();
  const kinds = new Set<string>();
  const tags = new Set<string>();
  const statuses = new Set<string>();
  const years = new Set<string>();
  for (const item of items) {
    issuers.set(item.issuer.id, item.issuer.name);
    kinds.add(item.achievement.kind);
    item.achievement.tags.forEach((tag) => tags.add(tag));
    statuses.add(item.status);
    years.add(item.issuedOn.slice(0, 4));
  }
  const byText = (a: string, b: string) => a.localeCompare(b);
  return {
    issuers: [...issuers].map(([id, name]) => ({ id, name })).sort((a, b) => byText(a.name, b.name)),
    kinds: [...kinds].sort(byText),
    tags: [...tags].sort(byText),
    statuses: [...statuses].sort(byText),
    years: [...years].sort().reverse(),
  };
}

const ORDER: Record<BackpackSort, (a: BackpackItem, b: BackpackItem) => number> = {
  newest: (a, b) => b.issuedOn.localeCompare(a.issuedOn),
  oldest: (a, b) => a.issuedOn.localeCompare(b.issuedOn),
  name: (a, b) => a.achievement.name.localeCompare(b.achievement.name) || b.issuedOn.localeCompare(a.issuedOn),
  issuer: (a, b) => a.issuer.name.localeCompare(b.issuer.name) || b.issuedOn.localeCompare(a.issuedOn),
};

/** The backpack as filtered and sorted; the input is left untouched. */
export function applyFilters(items: readonly BackpackItem[], f: BackpackFilters): BackpackItem[] {
  return items
    .filter(
      (i) =>
        (!f.issuerId || i.issuer.id === f.issuerId) &&
        (!f.kind || i.achievement.kind === f.kind) &&
        (!f.tag || i.achievement.tags.includes(f.tag)) &&
        (!f.status || i.status === f.status) &&
        (!f.year || i.issuedOn.startsWith(f.year)),
    )
    .sort(ORDER[f.sort]);
}

/** Share links for a credential's public page; LinkedIn's "Add to profile" gets the certification's details. */
export function shareLinks(item: BackpackItem, pageUrl: string, text: string) {
  const url = encodeURIComponent(pageUrl);
  const issued = new Date(item.issuedOn);
  const profile = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: item.achievement.name,
    organizationName: item.issuer.name,
    issueYear: String(issued.getUTCFullYear()),
    issueMonth: String(issued.getUTCMonth() + 1),
    certUrl: pageUrl,
    certId: item.id,
  });
  if (item.expires) {
    const expires = new Date(item.expires);
    profile.set('expirationYear', String(expires.getUTCFullYear()));
    profile.set('expirationMonth', String(expires.getUTCMonth() + 1));
  }
  return {
    linkedInProfile: `https://www.linkedin.com/profile/add?${profile.toString()}`,
    linkedIn: `https://www.linkedin.com/sharing/share-offsite/?url=${url}`,
    x: `https://twitter.com/intent/tweet?url=${url}&text=${encodeURIComponent(text)}`,
    facebook: `https://www.facebook.com/sharer/sharer.php?u=${url}`,
    email: `mailto:?subject=${encodeURIComponent(text)}&body=${encodeURIComponent(`${text}\n${pageUrl}`)}`,
  };
}
