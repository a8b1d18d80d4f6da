import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { forbiddenRange, UrlGuard, WebhookUrlForbidden, WebhookUrlUnresolvable } from '../url-guard.js';

describe('forbiddenRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.1.1', 'linkLocal'],
    ['169.254.169.254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['192.0.2.10', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::127.0.0.1', 'loopback'],
    ['::a00:1', 'reserved'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['2002:a00:1::1', '6to4'],
    ['2001:db8::1', 'reserved'],
  ])('refuses %s (%s)', (address, range) => {
    expect(forbiddenRange(address)).toBe(range);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '1.1.1.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
  ])('allows the public address %s', (address) => {
    expect(forbiddenRange(address)).toBeUndefined();
  });
});

const answers =
  (table: Record<string, string[]>) =>
  (hostname: string): Promise<LookupAddress[]> => {
    const list = table[hostname];
    if (!list) return Promise.reject(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }));
    return Promise.resolve(list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  };

describe('UrlGuard', () => {
  const resolver = answers({
    'hooks.example.com': ['93.184.215.14'],
    'mixed.example.com': ['93.184.215.14', '10.0.0.7'],
    'v6only.example.com': ['::1'],
    localhost: ['127.0.0.1', '::1'],
    'dev.internal': ['10.1.2.3'],
    'metadata.google.internal': ['169.254.169.254'],
  });

  it('accepts an https URL whose host resolves to public addresses, with the addresses it checked', async () => {
    const target = await new UrlGuard('', resolver).vet('https://hooks.example.com/sms');
    expect(target.addresses).toEqual([{ address: '93.184.215.14', family: 4 }]);
    expect(target.url.pathname).toBe('/sms');
  });

  it.each([
    ['http://127.0.0.1:8080/x', true],
    ['http://[::1]/', true],
    ['http://[::ffff:127.0.0.1]/', true],
    ['http://2130706433/', true],
    ['http://0x7f.1/', true],
    ['http://10.0.0.1/', true],
    ['http://169.254.169.254/latest/meta-data/', true],
    ['http://localhost:3000/', false],
    ['http://LOCALHOST./', false],
    ['http://metadata.google.internal/', false],
    ['http://mixed.example.com/', false],
    ['http://v6only.example.com/', false],
  ])('refuses %s with WEBHOOK_URL_FORBIDDEN (permanent: %s)', async (url, permanent) => {
    const error = await new UrlGuard('', resolver).vet(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookUrlForbidden);
    expect((error as WebhookUrlForbidden).code).toBe('WEBHOOK_URL_FORBIDDEN');
    expect((error as WebhookUrlForbidden).permanent).toBe(permanent);
    // The refusal names the kind of address, never the address a name resolved to.
    expect((error as Error).message).not.toContain('10.0.0.7');
  });

  it.each(['ftp://hooks.example.com/', 'file:///etc/passwd', 'gopher://hooks.example.com/', 'not a url'])(
    'refuses %s: only http and https',
    async (url) => {
      await expect(new UrlGuard('', resolver).vet(url)).rejects.toBeInstanceOf(WebhookUrlForbidden);
    },
  );

  it('says when a host does not resolve', async () => {
    await expect(new UrlGuard('', resolver).vet('https://nowhere.example.com/')).rejects.toBeInstanceOf(
      WebhookUrlUnresolvable,
    );
  });

  it('lets WEBHOOK_ALLOW_HOSTS exempt addresses, CIDR ranges and host names, and nothing else', async () => {
    const guard = new UrlGuard(' 127.0.0.1 , 10.1.0.0/16,dev.internal, ::1 ', resolver);
    await expect(guard.vet('http://127.0.0.1:4000/')).resolves.toBeDefined();
    await expect(guard.vet('http://[::ffff:127.0.0.1]:4000/')).resolves.toBeDefined();
    await expect(guard.vet('http://localhost:4000/')).resolves.toBeDefined();
    await expect(guard.vet('http://10.1.200.3/')).resolves.toBeDefined();
    await expect(guard.vet('http://dev.internal/')).resolves.toBeDefined();
    await expect(guard.vet('http://127.0.0.2/')).rejects.toBeInstanceOf(WebhookUrlForbidden);
    await expect(guard.vet('http://10.2.0.1/')).rejects.toBeInstanceOf(WebhookUrlForbidden);
    await expect(guard.vet('http://169.254.169.254/')).rejects.toBeInstanceOf(WebhookUrlForbidden);
  });
});
