import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { classifyAddress } from './address-policy.js';
import { FetchError } from './errors.js';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Resolve a hostname to every address it has. Injected in tests; the default asks the system resolver. */
export type DnsLookup = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const systemDnsLookup: DnsLookup = async (hostname) => {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
};

export interface ResolvePolicy {
  readonly lookup: DnsLookup;
  readonly allowPrivate: boolean;
  readonly isAllowListed: (url: URL) => boolean;
}

function bareHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

async function addressesOf(url: URL, lookup: DnsLookup): Promise<readonly ResolvedAddress[]> {
  const host = bareHost(url);
  const literal = isIP(host);
  if (literal) return [{ address: host, family: literal === 6 ? 6 : 4 }];
  let found: readonly ResolvedAddress[];
  try {
    found = await lookup(host);
  } catch (error) {
    throw new FetchError('dns-failed', `Could not resolve ${host}`, { cause: error, url: url.href });
  }
  if (found.length === 0) throw new FetchError('dns-failed', `${host} has no addresses`, { url: url.href });
  return found;
}

/**
 * Resolve the URL's host and check every address it resolves to; returns the one address the
 * connection must be pinned to. Refuses before any connection is attempted.
 */
export async function resolveAndCheck(url: URL, policy: ResolvePolicy): Promise<ResolvedAddress> {
  const addresses = await addressesOf(url, policy.lookup);
  const exempt = policy.isAllowListed(url);
  const verdicts = addresses.map((entry) => classifyAddress(entry.address, policy.allowPrivate));
  const refused = verdicts.find((verdict) => !verdict.allowed);
  if (refused && !exempt) {
    throw new FetchError(
      'address-not-allowed',
      `${url.host} resolves to ${refused.address} (${refused.range}); only public addresses may be fetched`,
      { url: url.href },
    );
  }
  const chosen = verdicts[0]!;
  return { address: chosen.address, family: chosen.family };
}
