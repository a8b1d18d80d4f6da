import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * The native module's Java against the stubs (modules/sms-transport/android/compile-check): what it
 * proves and does not is in that folder's README. It needs a JDK (javac 17 or later): on a machine
 * without one it fails and says what to install, like the browser tests without Chromium.
 */
const run = promisify(execFile);
const script = fileURLToPath(new URL('../modules/sms-transport/android/compile-check/check.sh', import.meta.url));

function requireJavac(): void {
  try {
    execFileSync('javac', ['-version'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      "The Java compile check needs javac (JDK 17 or later): install Debian's package (apt-get install openjdk-17-jdk-headless)",
    );
  }
}

describe('the Java module (javac against the stubs)', () => {
  it('compiles with -Xlint:all -Werror', async () => {
    requireJavac();
    const { stdout } = await run('bash', [script], { timeout: 120_000 });

    expect(stdout).toMatch(/^compiled \d+ module sources against \d+ stubs$/m);
  }, 120_000);
});
