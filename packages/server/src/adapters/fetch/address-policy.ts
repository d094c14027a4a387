import ipaddr from 'ipaddr.js';

/** Ranges a private deployment may opt into; everything else that is not public unicast stays refused. */
const PRIVATE_RANGES: ReadonlySet<string> = new Set(['private', 'loopback', 'uniqueLocal', 'carrierGradeNat']);

export interface AddressVerdict {
  readonly allowed: boolean;
  /** ipaddr.js range name: 'unicast' (public), 'private', 'loopback', 'linkLocal', … or 'invalid'. */
  readonly range: string;
  /** The address to connect to (IPv4-mapped IPv6 unwrapped to IPv4). */
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * Classify a resolved IP address. Only public unicast is allowed by default. With `allowPrivate`,
 * RFC 1918, loopback, unique-local and CGNAT are allowed too; link-local (cloud metadata), unspecified,
 * multicast, broadcast, reserved and the IPv6 transition ranges (NAT64, 6to4, Teredo) never are.
 */
export function classifyAddress(raw: string, allowPrivate: boolean): AddressVerdict {
  if (!ipaddr.isValid(raw)) return { allowed: false, range: 'invalid', address: raw, family: raw.includes(':') ? 6 : 4 };
  let parsed = ipaddr.parse(raw);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  const allowed = range === 'unicast' || (allowPrivate && PRIVATE_RANGES.has(range));
  return { allowed, range, address: parsed.toString(), family: parsed.kind() === 'ipv4' ? 4 : 6 };
}
