/** '/claim/:token' against '/claim/abc' → { token: 'abc' }; no match → undefined. A trailing slash is ignored. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const parts = trimPath(pathname).split('/');
  const segments = pattern.split('/');
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of segments.entries()) {
    const part = parts[i]!;
    if (!segment.startsWith(':')) {
      if (segment !== part) return undefined;
      continue;
    }
    if (part === '') return undefined;
    try {
      params[segment.slice(1)] = decodeURIComponent(part);
    } catch {
      return undefined;
    }
  }
  return params;
}

export function trimPath(pathname: string): string {
  return pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
}
