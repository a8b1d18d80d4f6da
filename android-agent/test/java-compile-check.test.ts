import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * The native module's Java against the stubs (modules/sms-transport/android/compile-check): what it
 * proves and does not is in that folder's README. Skipped, and said so, on a machine without a JDK.
 */
const run = promisify(execFile);
const script = fileURLToPath(new URL('../modules/sms-transport/android/compile-check/check.sh', import.meta.url));

function hasJavac(): boolean {
  try {
    execFileSync('javac', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!hasJavac())('the Java module (javac against the stubs)', () => {
  it('compiles with -Xlint:all -Werror', async () => {
    const { stdout } = await run('bash', [script], { timeout: 120_000 });

    expect(stdout).toMatch(/^compiled \d+ module sources against \d+ stubs$/m);
  }, 120_000);
});
