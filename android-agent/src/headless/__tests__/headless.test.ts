import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestServer } from '../../lib/__tests__/support/test-server.js';
import { waitFor } from '../../lib/__tests__/support/wait-for.js';
import { jsonLineLogger, startHeadlessAgent, type HeadlessAgent } from '../index.js';

let dir: string;
let server: TestServer;
const running: HeadlessAgent[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headless-'));
  server = await new TestServer({ pairingCodes: ['CODE-1', 'CODE-2'], deviceId: 'dev_h', token: 'tok_h' }).listen();
});

afterEach(async () => {
  for (const agent of running.splice(0)) {
    await agent.stop();
  }
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startHeadlessAgent>[0]): Promise<HeadlessAgent> {
  const agent = await startHeadlessAgent(options);
  running.push(agent);
  return agent;
}

describe('startHeadlessAgent', () => {
  it('pairs with the code, connects, and logs each transmission as a JSON line', async () => {
    const sendLogFile = join(dir, 'sent.jsonl');
    const agent = await start({ server: server.url, code: 'CODE-1', sims: 2, sendLogFile, maxPerMinute: 0 });

    expect(agent).toMatchObject({ deviceId: 'dev_h', token: 'tok_h' });
    expect(server.pairRequests).toMatchObject([
      { code: 'CODE-1', device: { model: 'headless', sims: [{ slot: 0 }, { slot: 1 }] } },
    ]);
    expect(server.hellos[0]?.payload.sims).toHaveLength(2);

    await server.send({ id: 'm1', body: 'first' });
    await server.send({ id: 'm2', body: 'second', simSlot: 1 });
    await waitFor(() => server.statusesOf('m2').includes('delivered'));

    const lines = (await readFile(sendLogFile, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toMatchObject([
      { id: 'm1', body: 'first', simSlot: 0, parts: 1 },
      { id: 'm2', body: 'second', simSlot: 1, parts: 1 },
    ]);
    expect(typeof lines[0]?.at).toBe('string');
  });

  it('connects with a token without pairing', async () => {
    const agent = await start({ server: server.url, token: 'tok_h' });

    expect(agent.deviceId).toBe('dev_h');
    expect(server.pairRequests).toEqual([]);
  });

  it('remembers the pairing and the outbox in the state file, so a restart neither re-pairs nor re-sends', async () => {
    const stateFile = join(dir, 'state', 'phone.json');
    const first = await start({ server: server.url, code: 'CODE-1', stateFile, maxPerMinute: 0 });
    await server.send({ id: 'm1' });
    await waitFor(() => server.statusesOf('m1').includes('delivered'));
    await first.stop();

    // Same command line: the code is spent, the stored pairing is used instead.
    const second = await start({ server: server.url, code: 'CODE-1', stateFile, maxPerMinute: 0 });
    const ack = await server.send({ id: 'm1', attempt: 2 });

    expect(ack).toEqual({ accepted: true });
    expect(server.pairRequests).toHaveLength(1);
    expect(second.transport.sent).toEqual([]);
    expect(first.transport.sent.map((s) => s.id)).toEqual(['m1']);
  });

  it('pairs again with the code when the stored pairing is refused', async () => {
    const stateFile = join(dir, 'phone.json');
    const first = await start({ server: server.url, code: 'CODE-1', stateFile });
    await first.stop();
    server.token = 'tok_new';

    const second = await start({ server: server.url, code: 'CODE-2', stateFile });

    expect(second.token).toBe('tok_new');
    expect(server.pairRequests).toHaveLength(2);
  });

  it('fails with the pairing error when the code is refused', async () => {
    await expect(startHeadlessAgent({ server: server.url, code: 'NOPE' })).rejects.toMatchObject({
      code: 'INVALID_PAIRING_CODE',
    });
  });

  it('logs JSON lines without phone numbers or bodies', async () => {
    const lines: string[] = [];
    await start({ server: server.url, token: 'tok_h', logger: jsonLineLogger((l) => lines.push(l)) });

    await server.send({ id: 'm1', to: '+4915112345689', body: 'secret body' });
    await waitFor(() => server.statusesOf('m1').includes('delivered'));

    const text = lines.join('');
    expect(text).toContain('"msg":"message accepted"');
    expect(text).toMatch(/"to":"\+4915\*+89"/);
    expect(text).not.toContain('+4915112345689');
    expect(text).not.toContain('secret body');
    for (const line of lines) {
      expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
  });
});
