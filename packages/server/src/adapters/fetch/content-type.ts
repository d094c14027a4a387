/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(header: string | undefined): string | undefined {
  const essence = header?.split(';', 1)[0]?.trim().toLowerCase();
  return essence || undefined;
}

/** Does a media type match one of the patterns? `*` matches within a segment: `application/*+json`, `text/*`. */
export function matchesMediaType(type: string | undefined, patterns: readonly string[]): boolean {
  if (!type) return false;
  return patterns.some((pattern) => {
    const source = pattern.toLowerCase().split('*').map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('[^/;]*');
    return new RegExp(`^${source}$`).test(type);
  });
}

/** What fetchJson accepts unless told otherwise. */
export const JSON_MEDIA_TYPES: readonly string[] = ['application/json', 'application/ld+json', 'application/*+json'];
