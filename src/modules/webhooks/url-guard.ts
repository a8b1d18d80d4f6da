import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { AppError } from '@/common/errors.js';

/** Resolves a host name to every address it has (dns.lookup with `all`, as the OS resolver answers). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/** Cloud instance metadata services, named apart so the refusal says what it protects. */
const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']);

/**
 * Why a webhook may not reach `address`, or undefined for a public unicast address. ipaddr.js names
 * every special range (loopback, private, linkLocal, uniqueLocal, carrierGradeNat, multicast,
 * unspecified, broadcast, reserved, 6to4, teredo, …); anything but `unicast` is refused. An
 * IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it reaches.
 */
export function forbiddenRange(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'invalid';
  const parsed = ipaddr.parse(address);
  const ip =
    parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
      ? (parsed as ipaddr.IPv6).toIPv4Address()
      : parsed;
  if (METADATA.has(ip.toNormalizedString()) || METADATA.has(ip.toString())) return 'metadata';
  const range = ip.range();
  if (range !== 'unicast') return range;
  // ::/8 beyond what ipaddr.js names: IPv4-compatible addresses (::127.0.0.1) and other reserved space.
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).parts[0] === 0) return 'reserved';
  return undefined;
}

/** A refused webhook URL (422 WEBHOOK_URL_FORBIDDEN at the API; a failed attempt at delivery). */
export class WebhookUrlForbidden extends AppError {
  constructor(
    detail: string,
    /** True when no later DNS answer can change the verdict (a literal address, a bad scheme). */
    readonly permanent: boolean,
  ) {
    super('WEBHOOK_URL_FORBIDDEN', detail);
  }
}

/** The host name does not resolve (now): not a verdict on the address. */
export class WebhookUrlUnresolvable extends Error {
  constructor(readonly hostname: string) {
    super(`${hostname} does not resolve`);
    this.name = 'WebhookUrlUnresolvable';
  }
}

/** A URL that passed the guard, with the addresses it was judged by: connect to these and no others. */
export interface VettedTarget {
  url: URL;
  addresses: LookupAddress[];
}

interface AllowList {
  hosts: Set<string>;
  ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

/** `WEBHOOK_ALLOW_HOSTS`: host names (exact), addresses and CIDR ranges, comma-separated. */
export function parseAllowList(value: string): AllowList {
  const list: AllowList = { hosts: new Set(), ranges: [] };
  for (const entry of value
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean)) {
    if (ipaddr.isValidCIDR(entry)) list.ranges.push(ipaddr.parseCIDR(entry));
    else if (isIP(entry)) {
      const ip = ipaddr.parse(entry);
      list.ranges.push([ip, ip.kind() === 'ipv4' ? 32 : 128]);
    } else list.hosts.add(entry.replace(/\.$/, ''));
  }
  return list;
}

function inRanges(address: string, ranges: AllowList['ranges']): boolean {
  const parsed = ipaddr.parse(address);
  const ip =
    parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
      ? (parsed as ipaddr.IPv6).toIPv4Address()
      : parsed;
  return ranges.some((range) => range[0].kind() === ip.kind() && ip.match(range));
}

/**
 * The SSRF guard: a webhook URL is http(s) and every address its host resolves to is public, unless
 * the allow-list names the host or the address. Checked when a URL is saved and again before each
 * request; the request then connects to the checked addresses only (pinnedLookup), so a DNS answer
 * that changes between check and connect (rebinding) cannot steer it inside.
 */
export class UrlGuard {
  private readonly allow: AllowList;

  constructor(
    allowHosts: string,
    private readonly resolve: Resolver = systemResolver,
  ) {
    this.allow = parseAllowList(allowHosts);
  }

  async vet(raw: string): Promise<VettedTarget> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new WebhookUrlForbidden('The URL is not valid', true);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new WebhookUrlForbidden('Only http and https URLs are allowed', true);
    }
    // WHATWG URL already turned 0x7f.1, 2130706433 and the like into dotted quads.
    const host = url.hostname
      .replace(/^\[|\]$/g, '')
      .replace(/\.$/, '')
      .toLowerCase();
    const family = isIP(host);
    let addresses: LookupAddress[];
    if (family !== 0) {
      addresses = [{ address: host, family }];
    } else {
      try {
        addresses = await this.resolve(host);
      } catch {
        throw new WebhookUrlUnresolvable(host);
      }
      if (addresses.length === 0) throw new WebhookUrlUnresolvable(host);
    }
    if (this.allow.hosts.has(host)) return { url, addresses };
    for (const { address } of addresses) {
      const range = forbiddenRange(address);
      if (range !== undefined && !inRanges(address, this.allow.ranges)) {
        // The category only, not the address: the answer must not map an internal network.
        throw new WebhookUrlForbidden(
          `The URL's host ${family !== 0 ? 'is' : 'resolves to'} a ${range} address, which webhooks may not reach`,
          family !== 0,
        );
      }
    }
    return { url, addresses };
  }
}

/**
 * A `lookup` for node:http that answers only the vetted addresses, whatever DNS says now. Node
 * asks with `all: true` when it may try several addresses (autoSelectFamily), else for one.
 */
export function pinnedLookup(addresses: LookupAddress[]): LookupFunction {
  return (_hostname: string, options: LookupOptions, callback) => {
    const wanted = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0);
    const candidates = wanted === 0 ? addresses : addresses.filter((a) => a.family === wanted);
    if (candidates.length === 0) {
      const error: NodeJS.ErrnoException = new Error('no vetted address of the requested family');
      error.code = 'ENOTFOUND';
      callback(error, '', 0);
      return;
    }
    if (options.all) callback(null, candidates);
    else callback(null, candidates[0].address, candidates[0].family);
  };
}
