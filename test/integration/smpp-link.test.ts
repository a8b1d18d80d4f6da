import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkTargetRefused, SmppLink, type LinkState } from '../../src/modules/carriers/smpp/smpp-link.js';
import { freePort } from '../support/processes.js';
import { TestSmsc } from '../support/smsc.js';
import { waitFor } from '../support/wait.js';

const SETTINGS = {
  systemId: 'gateway',
  password: 'secret',
  systemType: '',
  bindMode: 'transceiver' as const,
  tps: 100,
  windowSize: 10,
  enquireLinkSeconds: 30,
};
const TIMINGS = { reconnectBaseMs: 50, reconnectMaxMs: 200, responseTimeoutMs: 2000, throttleSlowdownMs: 1000 };

/** An SMPP link against a real SMSC process, with the address lookup given by the test. */
function link(port: number, target: () => Promise<string>) {
  const states: { state: LinkState; detail: string | null }[] = [];
  const l = new SmppLink({ ...SETTINGS, port }, TIMINGS, {
    target,
    state: (state, detail) => states.push({ state, detail }),
    deliverSm: () => Promise.resolve(0),
    log: () => undefined,
  });
  return { link: l, states };
}

describe('SMPP link: the address is checked before every connect', () => {
  let smsc: TestSmsc;

  beforeAll(async () => {
    smsc = await TestSmsc.start({ systemId: SETTINGS.systemId, password: SETTINGS.password });
  });
  afterAll(async () => {
    await smsc?.stop();
  });

  it('asks for the address again on reconnect and never dials one the check refuses (DNS rebinding)', async () => {
    let lookups = 0;
    const { link: l, states } = link(smsc.port, () => {
      lookups += 1;
      // The first answer is allowed; after that the "DNS" points inside and the check refuses it.
      if (lookups === 1) return Promise.resolve('127.0.0.1');
      return Promise.reject(new LinkTargetRefused('the host resolves to an address carriers may not reach'));
    });
    l.start();
    try {
      await waitFor(
        () => l.currentState,
        (s) => s === 'bound',
        { what: 'the first bind' },
      );
      const before = await smsc.status();
      await smsc.drop();
      await waitFor(
        () => lookups,
        (n) => n >= 3,
        { what: 'the lookups of the reconnect attempts' },
      );
      expect(l.currentState).not.toBe('bound');
      expect(l.lastError).toBe('the host resolves to an address carriers may not reach');
      // Every reconnect attempt stopped at the check: the SMSC saw no new bind.
      expect((await smsc.status()).binds).toBe(before.binds);
      expect(states.some((s) => s.detail === 'the host resolves to an address carriers may not reach')).toBe(true);
    } finally {
      await l.stop();
    }
  });

  it('shows a fixed text for a refused connection, not the socket error with its address and port', async () => {
    const closed = await freePort();
    const { link: l } = link(closed, () => Promise.resolve('127.0.0.1'));
    l.start();
    try {
      await waitFor(
        () => l.lastError,
        (e) => e !== null,
        { what: 'the failed connect' },
      );
      expect(l.lastError).toBe('connection refused');
      expect(l.lastError).not.toContain(String(closed));
    } finally {
      await l.stop();
    }
  });

  it('treats an address lookup that throws as a failed attempt and tries again', async () => {
    let lookups = 0;
    const { link: l } = link(smsc.port, () => {
      lookups += 1;
      if (lookups < 3) return Promise.reject(new Error('getaddrinfo ENOTFOUND smsc.internal.example 10.1.2.3'));
      return Promise.resolve('127.0.0.1');
    });
    l.start();
    try {
      await waitFor(
        () => l.currentState,
        (s) => s === 'bound',
        { what: 'the bind after two failed lookups' },
      );
      expect(lookups).toBe(3);
    } finally {
      await l.stop();
    }
  });
});
