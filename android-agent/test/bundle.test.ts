import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The app's JavaScript bundle, built by the real Metro (`expo export`) as EAS or Gradle would: the
 * agent core's NodeNext `.js` imports must resolve (metro.config.cjs), and nothing Node-only may be
 * pulled into the app. Offline; the output goes to a temp dir.
 */
const run = promisify(execFile);
const agentRoot = fileURLToPath(new URL('..', import.meta.url));
const expoCli = join(dirname(agentRoot), 'node_modules/expo/bin/cli');
const out = mkdtempSync(join(tmpdir(), 'agent-bundle-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the Android bundle', () => {
  it('builds with Metro and holds the agent core, the screens and the native SMS adapter', async () => {
    await run(process.execPath, [expoCli, 'export', '--platform', 'android', '--no-bytecode', '--output-dir', out], {
      cwd: agentRoot,
      env: { ...process.env, CI: '1', EXPO_OFFLINE: '1', EXPO_NO_TELEMETRY: '1', NO_COLOR: '1' },
      timeout: 240_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const dir = join(out, '_expo/static/js/android');
    const bundles = readdirSync(dir).filter((f) => f.endsWith('.js'));
    expect(bundles).toHaveLength(1);
    const code = readFileSync(join(dir, bundles[0]), 'utf8');
    // The native module's name (modules/sms-transport), a protocol event of the core, a screen's text.
    expect(code).toContain('SmsTransport');
    expect(code).toContain('message.status');
    expect(code).toMatch(/Pair/);
    // The headless (Node) half of the package stays out of the app.
    expect(code).not.toContain('FileOutboxStore');
  }, 300_000);
});
