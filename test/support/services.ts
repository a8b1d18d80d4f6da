import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describeProblems, preflight } from '../../src/cli/preflight.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

// The commands of shared/services.md; a machine without them gets a clear message instead.
const START = {
  PostgreSQL: existsSync('/etc/postgresql')
    ? 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start'
    : undefined,
  Redis: existsSync('/usr/bin/redis-server')
    ? 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no'
    : undefined,
} as const;

/** Vitest global setup: PostgreSQL and Redis must answer; start them if this machine can. */
export default async function setup(): Promise<void> {
  let problems = await preflight(TEST_DATABASE_URL, TEST_REDIS_URL);
  for (const problem of problems) {
    const command = START[problem.service];
    if (!command) continue;
    try {
      execSync(command, { stdio: 'ignore', timeout: 30_000 });
    } catch {
      // Reported below with the original error if the service still does not answer.
    }
  }
  for (let i = 0; i < 20 && problems.length > 0; i++) {
    problems = await preflight(TEST_DATABASE_URL, TEST_REDIS_URL);
    if (problems.length > 0) await new Promise((r) => setTimeout(r, 500));
  }
  if (problems.length > 0) {
    throw new Error(`The tests need PostgreSQL and Redis, and could not start them:\n${describeProblems(problems)}`);
  }
}
