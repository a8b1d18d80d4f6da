import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { timingSafeEqual } from 'node:crypto';

/**
 * Who may read `/metrics`: a caller presenting `Authorization: Bearer <METRICS_TOKEN>` (when one is
 * set), or a caller whose address is in METRICS_ALLOW (IPs and CIDRs). The address is Fastify's
 * `request.ip`: the socket's, or the one a TRUST_PROXY proxy reports; from any other peer
 * X-Forwarded-For is ignored, so a header cannot put a caller on the list.
 */
export class MetricsAccess {
  private readonly allow = new BlockList();
  private readonly token: Buffer | null;

  constructor(allowList: string, token?: string) {
    this.token = token ? Buffer.from(token) : null;
    for (const raw of allowList.split(',')) {
      const entry = raw.trim();
      if (!entry) continue;
      const [address, bits] = entry.split('/');
      const type = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
      if (!type) throw new Error(`METRICS_ALLOW: "${entry}" is not an IP address or CIDR`);
      if (bits === undefined) this.allow.addAddress(address, type);
      else this.allow.addSubnet(address, Number(bits), type);
    }
  }

  /** 'ok', or why not: 'unauthenticated' (a wrong or missing token matters) or 'forbidden'. */
  check(ip: string, authorization: unknown): 'ok' | 'unauthenticated' | 'forbidden' {
    if (this.token && typeof authorization === 'string' && authorization.startsWith('Bearer ')) {
      const given = Buffer.from(authorization.slice('Bearer '.length));
      if (given.length === this.token.length && timingSafeEqual(given, this.token)) return 'ok';
      return 'unauthenticated';
    }
    if (this.allowed(ip)) return 'ok';
    return this.token ? 'unauthenticated' : 'forbidden';
  }

  private allowed(ip: string): boolean {
    // An IPv4 peer on a dual-stack socket shows as ::ffff:a.b.c.d.
    const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
    if (v4) return this.allow.check(v4, 'ipv4');
    if (isIPv4(ip)) return this.allow.check(ip, 'ipv4');
    if (isIPv6(ip)) return this.allow.check(ip, 'ipv6');
    return false;
  }
}
