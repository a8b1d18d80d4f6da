import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../app-config.js';

describe('loadConfig', () => {
  it('defaults to the local services so npm start needs no .env', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/smsgw');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.ROLES).toEqual(['api', 'worker']);
    expect(config.DEMO_PHONES).toBe(0);
  });

  it('parses numbers and role lists from the environment', () => {
    const config = loadConfig({ PORT: '8080', ROLES: 'worker', DEMO_PHONES: '3' });
    expect(config.PORT).toBe(8080);
    expect(config.ROLES).toEqual(['worker']);
    expect(config.has('api')).toBe(false);
    expect(config.DEMO_PHONES).toBe(3);
  });

  it('runs as many api processes as there are cores unless API_PROCESSES says otherwise, and only with the api role', () => {
    expect(loadConfig({}).API_PROCESSES).toBe(1);
    expect(loadConfig({ API_PROCESSES: '1' }).clustered).toBe(false);
    expect(loadConfig({ API_PROCESSES: '3' }).clustered).toBe(true);
    // A worker-only process has no port to share: it stays one process.
    expect(loadConfig({ API_PROCESSES: '3', ROLES: 'worker' }).clustered).toBe(false);
    for (const bad of ['0', '65', 'two', '1.5']) {
      expect(() => loadConfig({ API_PROCESSES: bad })).toThrow(/API_PROCESSES must be a whole number from 1 to 64/);
    }
  });

  it('refuses malformed values, naming every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ROLES: 'api,cook' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).message;
    expect(text).toContain('PORT');
    expect(text).toContain('DATABASE_URL');
    expect(text).toContain('ROLES');
  });

  it('reads secrets from the files named by <NAME>_FILE, refusing both forms at once and an unreadable file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'smsgw-secrets-'));
    try {
      writeFileSync(join(dir, 'jwt'), `${'j'.repeat(40)}\n`);
      writeFileSync(join(dir, 'key'), 'A'.repeat(44));
      const config = loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET_FILE: join(dir, 'jwt'),
        ENCRYPTION_KEY_FILE: join(dir, 'key'),
      });
      expect(config.JWT_SECRET).toBe('j'.repeat(40));
      expect(config.ENCRYPTION_KEY).toBe('A'.repeat(44));
      expect(() => loadConfig({ JWT_SECRET: 'x'.repeat(40), JWT_SECRET_FILE: join(dir, 'jwt') })).toThrow(
        /JWT_SECRET and JWT_SECRET_FILE are both set/,
      );
      expect(() => loadConfig({ JWT_SECRET_FILE: join(dir, 'missing') })).toThrow(
        /JWT_SECRET_FILE: cannot read .*ENOENT/,
      );
      // Only secrets: a PORT_FILE means nothing.
      expect(loadConfig({ PORT_FILE: join(dir, 'jwt') }).PORT).toBe(3000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('requires JWT_SECRET and ENCRYPTION_KEY in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required in production/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ENCRYPTION_KEY: 'A'.repeat(44) }),
    ).not.toThrow();
  });

  it('trusts no proxy by default, and takes TRUST_PROXY as a list of IPs and CIDRs', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1, fd00::/8' }).trustedProxies).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      'fd00::/8',
    ]);
  });

  it.each(['10.0.0.0/33', '300.1.1.1', '10.0.0.0/8/1', 'fd00::/129', '10.0.0.0/'])(
    'refuses TRUST_PROXY entry %j, naming it',
    (entry) => {
      expect(() => loadConfig({ TRUST_PROXY: `127.0.0.1,${entry}` })).toThrow(`TRUST_PROXY: "${entry}"`);
    },
  );

  it('refuses a proxy given by name (only addresses are trusted)', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'loopback' })).toThrow(/TRUST_PROXY/);
  });
});
