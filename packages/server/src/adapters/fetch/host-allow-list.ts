/** `host` (any port) or `host:port`; IPv6 in brackets: `[::1]:8080`. */
export type HostPattern = string;

function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

/** A predicate telling whether a URL's host is on the allow-list (exempt from the address check). */
export function hostAllowList(patterns: readonly HostPattern[]): (url: URL) => boolean {
  const entries = patterns.map((pattern) => {
    const match = /^(.*?)(?::(\d+))?$/.exec(pattern.trim());
    const host = match?.[1] ?? '';
    if (!host || (host.includes(':') && !host.startsWith('['))) {
      throw new Error(`Invalid allowHosts entry "${pattern}": use host, host:port or [ipv6]:port`);
    }
    return { host: normaliseHost(host), port: match?.[2] };
  });
  return (url) => {
    const host = normaliseHost(url.hostname);
    const port = url.port || defaultPort(url.protocol);
    return entries.some((entry) => entry.host === host && (entry.port === undefined || entry.port === port));
  };
}
