import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FakeSmscCounter,
  installKannel,
  kannelConfig,
  KannelPeer,
  KannelUnavailable,
  libraryDependencies,
  parseStatus,
  type KannelInstall,
  type KannelResult,
} from '../../bench/kannel.js';
import { formatPeer, peerComparison, type ScenarioResult } from '../../bench/report.js';
import { parseBenchArgs, UsageError } from '../../bench/args.js';

/** Processes whose command line names `text` (the run's own kannel.conf): none may outlive a run. */
function processesWith(text: string): string[] {
  return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(text));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * `npm run bench -- --peer kannel` (issue 18): the real Kannel from Debian's packages (downloaded
 * once into $TMPDIR/smsgw-bench-kannel, as the bench does), its real sendsms and fake SMSC.
 */
describe('the Kannel peer of the bench', () => {
  let install: KannelInstall;
  const scratch = mkdtempSync(join(tmpdir(), 'kannel-peer-test-'));

  beforeAll(async () => {
    install = await installKannel();
  }, 240_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('takes sendsms requests from the load tool, hands every one to the fake SMSC, and stops all its processes', async () => {
    const logDir = join(scratch, 'ok');
    const peer = new KannelPeer(install, logDir);
    const result = await peer.run({ connections: 10, durationS: 2, warmupS: 1, drainTimeoutS: 30 });

    expect(result.version).toMatch(/^1\.4\./);
    expect(result.sanity).toEqual({ status: 202, body: '0: Accepted for delivery' });
    expect(result.load.requests2xx).toBeGreaterThan(100);
    expect(result.load.statusCodes).toEqual({ 202: result.load.requests2xx });
    expect(result.load.errors).toBe(0);
    expect(result.drained).toBe(true);
    // Requests in flight when the load stopped are taken too: at least every 202 reached the SMSC.
    expect(result.delivered).toBeGreaterThanOrEqual(result.load.requests2xx);
    expect(result.delivered).toBeLessThanOrEqual(result.load.requests2xx + 10);
    // fakesmsc's own count when it stopped agrees with the bench's count of its lines, and with bearerbox's.
    expect(result.fakesmscReported).toBe(result.receivedTotal);
    expect(result.bearerbox).toEqual({ sent: result.receivedTotal, queued: 0 });
    expect(result.e2ePerS).toBeGreaterThan(0);
    expect(result.windowS).toBeGreaterThan(0);
    expect(result.load.latencyMs.p99).toBeGreaterThan(0);

    // Nothing is left running, and the config it ran with is kept beside the logs.
    expect(peer.pids).toHaveLength(3);
    for (const pid of peer.pids) expect(alive(pid)).toBe(false);
    expect(processesWith(join(logDir, 'kannel.conf'))).toEqual([]);
    expect(readFileSync(join(logDir, 'kannel.conf'), 'utf8')).toContain('store-type = file');
  }, 90_000);

  it('stops every process when one of them dies during the load, and says which', async () => {
    const logDir = join(scratch, 'crash');
    const peer = new KannelPeer(install, logDir);
    const run = peer.run({
      connections: 10,
      durationS: 4,
      warmupS: 0,
      drainTimeoutS: 10,
      log: (line) => {
        // bearerbox (the first of the three) killed as a machine would kill it, one second into the load.
        if (line.includes('Kannel sendsms')) setTimeout(() => process.kill(peer.pids[0], 'SIGKILL'), 1000);
      },
    });
    await expect(run).rejects.toThrow(/bearerbox exited \(signal SIGKILL\) during the run/);
    for (const pid of peer.pids) expect(alive(pid)).toBe(false);
    expect(processesWith(join(logDir, 'kannel.conf'))).toEqual([]);
  }, 90_000);

  it('stops every process when the bench stops it halfway (an error elsewhere, Ctrl-C)', async () => {
    const logDir = join(scratch, 'stopped');
    const peer = new KannelPeer(install, logDir);
    const run = peer.run({
      connections: 10,
      durationS: 10,
      warmupS: 0,
      drainTimeoutS: 10,
      log: (line) => {
        if (line.includes('Kannel sendsms')) setTimeout(() => void peer.stop(), 500);
      },
    });
    await expect(run).rejects.toThrow(/stopped during its load/);
    await peer.stop();
    for (const pid of peer.pids) expect(alive(pid)).toBe(false);
    expect(processesWith(join(logDir, 'kannel.conf'))).toEqual([]);
  }, 60_000);

  it('says what is missing when there is no apt-get (not Debian)', async () => {
    const error = await installKannel({
      cacheDir: join(scratch, 'no-apt'),
      aptGet: join(scratch, 'no-such-dir', 'apt-get'),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KannelUnavailable);
    expect((error as Error).message).toMatch(/kannel and kannel-extras packages with apt-get download/);
    expect((error as Error).message).toMatch(/this machine has no apt-get/);
    expect((error as Error).message).toMatch(/--peer none/);
  });

  it("passes on apt-get's own reason when it cannot download the packages (no package lists, no network)", async () => {
    // A real apt-get whose package lists and cache are empty folders, as on a machine that never ran apt-get update.
    const apt = join(scratch, 'empty-apt');
    for (const dir of ['lists/partial', 'cache/archives/partial']) mkdirSync(join(apt, dir), { recursive: true });
    writeFileSync(join(apt, 'apt.conf'), `Dir::State::Lists "${apt}/lists";\nDir::Cache "${apt}/cache";\n`);
    const before = process.env.APT_CONFIG;
    process.env.APT_CONFIG = join(apt, 'apt.conf');
    try {
      const error = await installKannel({ cacheDir: join(scratch, 'no-lists') }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KannelUnavailable);
      const message = (error as Error).message;
      expect(message).toContain("could not download Debian's Kannel packages (kannel, kannel-extras)");
      expect(message).toContain('Unable to locate package kannel');
      expect(message).toContain('apt-get update');
    } finally {
      if (before === undefined) delete process.env.APT_CONFIG;
      else process.env.APT_CONFIG = before;
    }
  });
});

describe('the Kannel peer: its pieces', () => {
  it('writes a config with the store file, every listener on 127.0.0.1 and the fake SMSC', () => {
    const conf = kannelConfig({ admin: 1001, smsbox: 1002, sendsms: 1003, smsc: 1004 }, { logs: '/l', store: '/s' });
    expect(conf).toContain('admin-port = 1001\nadmin-interface = 127.0.0.1');
    expect(conf).toContain('smsbox-port = 1002\nsmsbox-interface = 127.0.0.1');
    expect(conf).toContain('sendsms-port = 1003\nsendsms-interface = 127.0.0.1');
    expect(conf).toContain('smsc = fake\nsmsc-id = fake\nport = 1004\nconnect-allow-ip = "127.0.0.1"');
    expect(conf).toContain('store-type = file\nstore-location = "/s/kannel.store"');
    expect(conf).toContain('bearerbox-port = 1002');
  });

  it("counts fakesmsc's received lines, also when a line is cut between two chunks", () => {
    const counter = new FakeSmscCounter();
    const line = (n: number) => `2026-12-05 13:29:58 [1] [0] DEBUG: Got message ${n}: <12345 4915 text hi>\n`;
    const text = Buffer.from(line(1) + line(2) + line(3) + 'DEBUG: Connecting\n');
    // Every cut position of the mark in line 2.
    for (let cut = 0; cut <= text.length; cut++) {
      const c = new FakeSmscCounter();
      c.feed(text.subarray(0, cut), 1);
      c.feed(text.subarray(cut), 2);
      expect(c.received, `cut at ${cut}`).toBe(3);
    }
    counter.feed(Buffer.from(line(1)), 100);
    expect(counter).toMatchObject({ received: 1, lastAt: 100 });
    counter.feed(Buffer.from('INFO: fakesmsc: 0 messages sent and 1 received\n'), 200);
    expect(counter).toMatchObject({ received: 1, lastAt: 100, reported: 1 });
  });

  it("reads bearerbox's status page", () => {
    const status = `SMS: received 0 (0 queued), sent 38457 (12 queued), store size 0
SMSC connections:
    fake[fake]    FAKE:41004 (online 13s, rcvd: sms 0 (0.00,0.00,0.00) / dlr 0, sent: sms 38457, failed 0, queued 0 msgs)`;
    expect(parseStatus(status)).toEqual({ smscOnline: true, sent: 38457, queued: 12 });
    expect(parseStatus('SMSC connections:\n    fake[fake]    FAKE:41004 (connecting, ...)').smscOnline).toBe(false);
  });

  it("takes the libraries from a package's Depends", () => {
    expect(
      libraryDependencies(
        'adduser, libc6 (>= 2.34), libct4 (>= 0.64), libhiredis0.14 (>= 0.14.0), perl:any, libssl3 | libssl1.1, libpcre3',
      ),
    ).toEqual([['libc6'], ['libct4'], ['libhiredis0.14'], ['libssl3', 'libssl1.1'], ['libpcre3']]);
  });

  it('--peer: none by default, kannel, anything else refused', () => {
    expect(parseBenchArgs([])?.peer).toBe('none');
    expect(parseBenchArgs(['--peer', 'kannel', '--quick'])?.peer).toBe('kannel');
    expect(() => parseBenchArgs(['--peer', 'jasmin'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--peer', 'jasmin'])).toThrow('--peer must be none or kannel (got jasmin)');
  });

  it('puts ours, Kannel and ours ÷ Kannel in one table', () => {
    const kannel = {
      version: '1.4.5-12',
      connections: 50,
      load: {
        durationS: 10,
        ingestPerS: 10_000,
        latencyMs: { p50: 4, p99: 10 },
        non2xx: 0,
        errors: 0,
        requests2xx: 100_000,
        statusCodes: {},
        timeouts: 0,
      },
      e2ePerS: 8000,
      delivered: 100_000,
      drained: true,
      receivedTotal: 120_000,
      fakesmscReported: 120_000,
      cpu: null,
    } as unknown as KannelResult;
    const scenarios = [
      {
        name: 'single',
        description: '',
        load: { ingestPerS: 1000, latencyMs: { p50: 40, p99: 120 }, itemsPerRequest: 1 },
      },
      { name: 'carrier', description: '', load: { itemsPerRequest: 100 }, e2e: { sentPerS: 600 } },
      { name: 'fleet', description: '', skipped: '--fleet-agents 0' },
    ] as unknown as ScenarioResult[];
    const rows = peerComparison(scenarios, kannel);
    expect(rows.map((r) => [r.measure, r.ours, r.peer, r.ratio])).toEqual([
      ['ingest', 1000, 10_000, 0.1],
      ['ingest API p50', 40, 4, 10],
      ['ingest API p99', 120, 10, 12],
      ['end to end, to an SMSC', 600, 8000, 0.075],
      ['end to end, to phones', null, 8000, null],
    ]);
    const table = formatPeer(kannel, rows);
    expect(table).toMatch(/ingest\s+1,000 msg\/s\s+10,000 msg\/s\s+0\.1\s+single: POST \/v1\/messages/);
    expect(table).toMatch(/end to end, to phones\s+-\s+8,000 msg\/s\s+-\s+fleet \(did not run\)/);
  });
});
