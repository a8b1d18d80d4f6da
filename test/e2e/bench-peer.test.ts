import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/services.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * bench/README.md's `npm run bench -- --peer kannel --quick`, from the built code (`npm run build`
 * first, as the fault tests), with the scenarios the peer table does not use left out and the
 * others kept short (batch and carrier with single sends, so their backlogs go out in seconds):
 * our scenarios, then Kannel, one table, and the peer in latest.json.
 */
describe('npm run bench -- --peer kannel', () => {
  const results = mkdtempSync(join(tmpdir(), 'bench-peer-'));
  afterAll(() => rmSync(results, { recursive: true, force: true }));

  it("prints ours, Kannel's and the ratio for ingest and end to end, and leaves no Kannel process", async () => {
    const { stdout } = await run(
      process.execPath,
      [
        'dist/bench/run.js',
        '--peer',
        'kannel',
        '--quick',
        '--batch-size',
        '1',
        '--carrier-load',
        'single',
        '--fleet-agents',
        '0',
        '--suppressions',
        '0',
        '--console-messages',
        '0',
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: TEST_DATABASE_URL,
          REDIS_URL: TEST_REDIS_URL,
          BENCH_RESULTS_DIR: results,
        },
        timeout: 280_000,
        maxBuffer: 16 * 1024 * 1024,
      },
    );

    const json = JSON.parse(readFileSync(join(results, 'latest.json'), 'utf8'));
    expect(json.parameters.peer).toBe('kannel');
    const kannel = json.peer.kannel;
    expect(kannel.sanity).toEqual({ status: 202, body: '0: Accepted for delivery' });
    expect(kannel.connections).toBe(json.parameters.connections);
    expect(kannel.load.requests2xx).toBeGreaterThan(0);
    expect(kannel.load.non2xx + kannel.load.errors).toBe(0);
    expect(kannel.drained).toBe(true);
    expect(kannel.delivered).toBeGreaterThanOrEqual(kannel.load.requests2xx);
    expect(kannel.fakesmscReported).toBe(kannel.receivedTotal);

    const single = json.scenarios.find((s: { name: string }) => s.name === 'single');
    const carrier = json.scenarios.find((s: { name: string }) => s.name === 'carrier');
    const row = (measure: string) => json.peer.comparison.find((r: { measure: string }) => r.measure === measure);
    expect(row('ingest')).toMatchObject({
      ours: Math.round(single.load.ingestPerS * 10) / 10,
      peer: kannel.load.ingestPerS,
      ratio: Number((Math.round(single.load.ingestPerS * 10) / 10 / kannel.load.ingestPerS).toPrecision(3)),
    });
    expect(row('end to end, to an SMSC')).toMatchObject({
      ours: Math.round(carrier.e2e.sentPerS * 10) / 10,
      peer: kannel.e2ePerS,
    });
    expect(row('end to end, to an SMSC').ratio).toBeGreaterThan(0);
    expect(row('end to end, to phones')).toMatchObject({ ours: null, ratio: null, oursFrom: 'fleet (did not run)' });

    expect(stdout).toMatch(/Peer \(issue 18\): Kannel 1\.4\.\S+ from Debian's packages/);
    expect(stdout).toMatch(/ingest\s+[\d,]+ msg\/s\s+[\d,]+ msg\/s\s+[\d.]+\s+single: POST \/v1\/messages/);
    expect(stdout).toMatch(/end to end, to an SMSC\s+[\d,]+ msg\/s\s+[\d,]+ msg\/s\s+[\d.]+\s+carrier: single POSTs/);

    const left = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(join(results, 'kannel', 'kannel.conf')));
    expect(left).toEqual([]);
  }, 300_000);
});
