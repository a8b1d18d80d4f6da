import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { hash as argonHash } from '@node-rs/argon2';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { migrate } from '../../src/database/migrate.js';
import { ADMIN_PASSWORD, TestGateway } from '../support/gateway.js';
import { TEST_DATABASE_URL } from '../support/services.js';

/**
 * The bootstrap admin's password hash can be held back by the test, to open the window between the
 * port opening and the admin existing as wide as a slow first boot would: it waits (at most 2 s)
 * for a sign-up to be answered. Every other hash is the real one, at once.
 */
const race = vi.hoisted(() => ({
  password: undefined as string | undefined,
  signedUp: undefined as Promise<void> | undefined,
}));

vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return {
    ...real,
    hash: async (...args: Parameters<typeof real.hash>) => {
      if (race.password !== undefined && args[0] === race.password && race.signedUp) {
        await Promise.race([race.signedUp, new Promise((resolve) => setTimeout(resolve, 2000))]);
      }
      return real.hash(...args);
    },
  };
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address !== 'object') throw new Error('no port');
  return address.port;
}

/** Posts until the server answers (connection refused while it does not listen yet). */
async function untilAnswered(url: string, init: RequestInit): Promise<Response> {
  for (;;) {
    try {
      return await fetch(url, init);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('first boot: the bootstrap admin exists before the gateway listens, and is the marked operator', () => {
  let gw: TestGateway | undefined;

  afterEach(async () => {
    race.password = undefined;
    race.signedUp = undefined;
    await gw?.stop();
    gw = undefined;
  });

  it('lets no sign-up racing the bootstrap become the operator, and a client that sees /health/ready signs in as the admin', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const password = `race-${randomBytes(6).toString('hex')}`;
    let announce!: () => void;
    race.signedUp = new Promise<void>((resolve) => (announce = resolve));
    race.password = password;

    const starting = TestGateway.start({ PORT: String(port), BOOTSTRAP_ADMIN_PASSWORD: password, SIGNUP: 'open' });
    const signup = untilAnswered(
      `${base}/v1/auth/signup`,
      json({ email: 'early@example.test', password: 'an early password', accountName: 'Early bird' }),
    ).then(async (res) => {
      announce();
      return { status: res.status, body: (await res.json()) as { accessToken: string } };
    });
    const readyThenSignIn = (async () => {
      for (;;) {
        const ready = await fetch(`${base}/health/ready`).catch(() => undefined);
        if (ready?.status === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const res = await fetch(`${base}/v1/auth/login`, json({ email: 'admin@example.test', password }));
      return { status: res.status, body: (await res.json()) as { accessToken: string } };
    })();

    gw = await starting;
    const [early, admin] = await Promise.all([signup, readyThenSignIn]);
    expect(admin.status).toBe(200);
    expect(early.status).toBe(201);

    const board = (token: string) => gw!.request('GET', '/admin/queues/api/queues', { token });
    expect((await board(admin.body.accessToken)).status).toBe(200);
    const refused = await board(early.body.accessToken);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    const { rows } = await gw.db.query<{ name: string }>('SELECT name FROM accounts WHERE is_operator');
    expect(rows).toEqual([{ name: 'Default' }]);
  });

  it('makes the bootstrap account the operator although an older account exists (the operator is marked, not the oldest)', async () => {
    const url = TEST_DATABASE_URL.replace(/\/[^/]*$/, `/smsgw_test_boot_${randomBytes(4).toString('hex')}`);
    await migrate(url);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const accountId = randomUUID();
    try {
      // What a sign-up that beat the bootstrap left behind: the oldest account, with an owner.
      await db.query(
        "INSERT INTO accounts (id, name, created_at) VALUES ($1, 'Early bird', now() - interval '1 day')",
        [accountId],
      );
      await db.query(
        "INSERT INTO users (id, account_id, email, password_hash, role) VALUES ($1, $2, 'early@example.test', $3, 'owner')",
        [randomUUID(), accountId, await argonHash('an early password')],
      );
    } finally {
      await db.end();
    }

    gw = await TestGateway.start({ DATABASE_URL: url });
    const admin = await gw.login('admin@example.test', ADMIN_PASSWORD);
    const early = await gw.login('early@example.test', 'an early password');
    expect((await gw.request('GET', '/admin/queues/api/queues', { token: admin })).status).toBe(200);
    expect((await gw.request('GET', '/admin/queues/api/queues', { token: early })).status).toBe(403);
    const { rows } = await gw.db.query<{ id: string }>('SELECT id FROM accounts WHERE is_operator');
    expect(rows).toHaveLength(1);
    expect(rows[0].id).not.toBe(accountId);
  });
});
