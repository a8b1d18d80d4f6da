import { execFile } from 'node:child_process';
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
 * bench/README.md's `npm run bench -- --soak M --cpu-prof`, from the built code, with the shortest
 * soak (a minute) and the scenarios it does not need left out (`--scenarios`, and the phones, carrier,
 * suppressions and console fills at 0): the memory samples and their verdict,
 * and the gateway's profile read after it stopped.
 */
describe('npm run bench -- --soak 1 --cpu-prof', () => {
  const results = mkdtempSync(join(tmpdir(), 'bench-soak-'));
  afterAll(() => rmSync(results, { recursive: true, force: true }));

  it("samples the gateway's memory through the soak and summarises its CPU profile", async () => {
    const { stdout } = await run(
      process.execPath,
      [
        'dist/bench/run.js',
        '--quick',
        '--soak',
        '1',
        '--soak-rate',
        '100',
        '--batch-size',
        '10',
        '--cpu-prof',
        '--scenarios',
        'probe,single',
        '--fleet-agents',
        '0',
        '--carrier-load',
        'off',
        '--suppressions',
        '0',
        '--console-messages',
        '0',
      ],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: TEST_REDIS_URL, BENCH_RESULTS_DIR: results },
        timeout: 280_000,
        maxBuffer: 16 * 1024 * 1024,
      },
    );

    const json = JSON.parse(readFileSync(join(results, 'latest.json'), 'utf8'));
    // --scenarios: the two chosen ran, the others are reported as left out.
    const ran = Object.fromEntries(json.scenarios.map((s: { name: string; skipped?: string }) => [s.name, s.skipped]));
    expect(ran).toEqual({
      probe: undefined,
      single: undefined,
      batch: 'not in --scenarios',
      fleet: 'not in --scenarios',
      carrier: 'not in --scenarios',
    });
    const soak = json.soak;
    expect(soak).toMatchObject({ minutes: 1, rate: 100, nonAccepted: 0 });
    // A sample every 5 s over a minute, plus the first and the last.
    expect(soak.memory.samples.length).toBeGreaterThanOrEqual(12);
    for (const [, mib] of soak.memory.samples) expect(mib).toBeGreaterThan(50);
    expect(soak.memory.maxMiB).toBe(Math.max(...soak.memory.samples.map((s: number[]) => s[1])));
    expect(soak.acceptedPerS).toBeGreaterThan(80);
    expect(soak.sentPerS).toBeGreaterThan(0);
    expect(stdout).toMatch(/Soak: 1 min of POST \/v1\/messages\/batch at 100 msg\/s/);
    expect(stdout).toMatch(/gateway RSS: [\d.]+ MiB at the start, [\d.]+ max, [\d.]+ at the end/);
    // The gateway's own heap reading, from its /metrics: a heap inside the process's memory.
    expect(soak.heap.usedMiB).toBeGreaterThan(0);
    expect(soak.heap.usedMiB).toBeLessThanOrEqual(soak.heap.totalMiB);
    expect(soak.heap.totalMiB).toBeLessThan(soak.memory.maxMiB);
    expect(stdout).toMatch(/JavaScript heap at the end: [\d.]+ MiB used of [\d.]+/);

    // One process (API_PROCESSES=1): one profile, whose sources include the database driver.
    expect(json.profiles).toHaveLength(1);
    const sources = json.profiles[0].bySource.map((e: { name: string }) => e.name);
    expect(sources).toContain('pg');
    const total = json.profiles[0].bySource.reduce((a: number, e: { percent: number }) => a + e.percent, 0);
    expect(total).toBeLessThanOrEqual(100.5);
    expect(stdout).toMatch(/CPU profile \S+\.cpuprofile \([\d.]+ s; self time/);
  }, 300_000);
});
