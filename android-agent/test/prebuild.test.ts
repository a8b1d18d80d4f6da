import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AndroidConfig } from 'expo/config-plugins';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Runs the real `expo prebuild` on a copy of the app and reads what it generated. The copy lives in
 * the system temp dir because prebuild writes android/ (and may rewrite package.json) in place; the
 * workspace's node_modules are reached through symlinks laid out like the repo (root and agent).
 */

const run = promisify(execFile);
const agentRoot = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = dirname(agentRoot);
const expoCli = join(repoRoot, 'node_modules/expo/bin/cli');
const autolinkingCli = join(repoRoot, 'node_modules/expo/bin/autolinking');

// Generated or installed, never an input to prebuild. Top level only: modules/*/android is an input.
const SKIPPED_AT_TOP = new Set(['node_modules', 'android', 'ios', '.expo', 'dist', 'dist-app', 'coverage']);
const SKIPPED_ANYWHERE = new Set(['node_modules', 'build', '.gradle', '.cxx']);

// Offline and non-interactive: the template is node_modules/expo/template.tgz, nothing is fetched.
const cliEnv = {
  ...process.env,
  PATH: `${dirname(process.execPath)}${process.platform === 'win32' ? ';' : ':'}${process.env.PATH ?? ''}`,
  CI: '1',
  EXPO_OFFLINE: '1',
  EXPO_NO_TELEMETRY: '1',
  EXPO_NO_GIT_STATUS: '1',
  NO_COLOR: '1',
};

const REQUIRED_PERMISSIONS = [
  'android.permission.INTERNET',
  'android.permission.SEND_SMS',
  'android.permission.RECEIVE_SMS',
  'android.permission.READ_PHONE_STATE',
  'android.permission.READ_PHONE_NUMBERS',
  'android.permission.FOREGROUND_SERVICE',
  'android.permission.FOREGROUND_SERVICE_REMOTE_MESSAGING',
  'android.permission.POST_NOTIFICATIONS',
  'android.permission.WAKE_LOCK',
  'android.permission.REQUEST_IGNORE_BATTERY_OPTIMIZATIONS',
  'android.permission.CAMERA',
  'android.permission.RECEIVE_BOOT_COMPLETED',
];

function copyProject(target: string): void {
  cpSync(agentRoot, target, {
    recursive: true,
    filter: (source) => {
      const rel = relative(agentRoot, source);
      if (rel === '') return true;
      if (!rel.includes(sep) && SKIPPED_AT_TOP.has(rel)) return false;
      return !SKIPPED_ANYWHERE.has(basename(source));
    },
  });
}

describe('expo prebuild --platform android', () => {
  let workDir: string;
  let projectDir: string;
  let manifest: AndroidConfig.Manifest.AndroidManifest;
  let manifestXml: string;

  const manifestPath = () => join(projectDir, 'android/app/src/main/AndroidManifest.xml');
  const prebuild = () =>
    run(process.execPath, [expoCli, 'prebuild', '--platform', 'android', '--no-install'], {
      cwd: projectDir,
      env: cliEnv,
      timeout: 120_000,
    });

  beforeAll(async () => {
    // Autolinking reports real paths; a symlinked temp dir (macOS /var) would not compare equal.
    workDir = realpathSync(mkdtempSync(join(tmpdir(), 'sms-agent-prebuild-')));
    projectDir = join(workDir, 'android-agent');
    mkdirSync(projectDir);
    copyProject(projectDir);
    symlinkSync(join(repoRoot, 'node_modules'), join(workDir, 'node_modules'), 'dir');
    if (existsSync(join(agentRoot, 'node_modules'))) {
      symlinkSync(join(agentRoot, 'node_modules'), join(projectDir, 'node_modules'), 'dir');
    }

    await prebuild();
    manifestXml = readFileSync(manifestPath(), 'utf8');
    manifest = await AndroidConfig.Manifest.readAndroidManifestAsync(manifestPath());
  }, 180_000);

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('builds the app as org.smsgateway.agent', () => {
    const gradle = readFileSync(join(projectDir, 'android/app/build.gradle'), 'utf8');

    expect(gradle).toMatch(/applicationId ['"]org\.smsgateway\.agent['"]/);
    expect(gradle).toMatch(/namespace ['"]org\.smsgateway\.agent['"]/);
  });

  it('requests the permissions the agent uses, each once', () => {
    const names = (manifest.manifest['uses-permission'] ?? []).map((p) => p.$['android:name']);

    expect(names).toEqual(expect.arrayContaining(REQUIRED_PERMISSIONS));
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain('android.permission.READ_SMS');
    expect(names).not.toContain('android.permission.RECORD_AUDIO');
  });

  it('types the background-actions service as remoteMessaging over the library declaration', () => {
    const application = AndroidConfig.Manifest.getMainApplicationOrThrow(manifest);
    const service = application.service?.find(
      (s) => s.$['android:name'] === 'com.asterinet.react.bgactions.RNBackgroundActionsTask',
    );

    expect(service?.$).toMatchObject({
      'android:foregroundServiceType': 'remoteMessaging',
      'tools:replace': 'android:foregroundServiceType',
    });
    expect(manifest.manifest.$['xmlns:tools']).toBe('http://schemas.android.com/tools');
  });

  it('registers SmsInboxReceiver for SMS_RECEIVED behind BROADCAST_SMS', () => {
    const application = AndroidConfig.Manifest.getMainApplicationOrThrow(manifest);
    const receiver = application.receiver?.find(
      (r) => r.$['android:name'] === 'org.smsgateway.transport.SmsInboxReceiver',
    );

    expect(receiver?.$).toMatchObject({
      'android:exported': 'true',
      'android:permission': 'android.permission.BROADCAST_SMS',
    });
    const actions = receiver?.['intent-filter']?.flatMap((f) => f.action ?? []).map((a) => a.$['android:name']);
    expect(actions).toEqual(['android.provider.Telephony.SMS_RECEIVED']);
  });

  it("raises AsyncStorage's database limit to 64 MB in gradle.properties", () => {
    const properties = readFileSync(join(projectDir, 'android/gradle.properties'), 'utf8');

    expect(properties.match(/^AsyncStorage_db_size_in_MB=.*$/gm)).toEqual(['AsyncStorage_db_size_in_MB=64']);
  });

  it('declares SmsReportReceiver, not exported', () => {
    const application = AndroidConfig.Manifest.getMainApplicationOrThrow(manifest);
    const receiver = application.receiver?.find(
      (r) => r.$['android:name'] === 'org.smsgateway.transport.SmsReportReceiver',
    );

    expect(receiver?.$['android:exported']).toBe('false');
  });

  it("names only classes of the module's Java sources, which the compile check compiles", () => {
    const application = AndroidConfig.Manifest.getMainApplicationOrThrow(manifest);
    const ours = (application.receiver ?? [])
      .map((r) => r.$['android:name'])
      .filter((name) => name.startsWith('org.smsgateway.transport.'));
    const sources = join(projectDir, 'modules/sms-transport/android/src/main/java/org/smsgateway/transport');

    expect(ours.length).toBeGreaterThanOrEqual(3);
    for (const name of ours) {
      expect(existsSync(join(sources, `${name.slice('org.smsgateway.transport.'.length)}.java`)), name).toBe(true);
    }
  });

  it('registers RestartReceiver for BOOT_COMPLETED and MY_PACKAGE_REPLACED', () => {
    const application = AndroidConfig.Manifest.getMainApplicationOrThrow(manifest);
    const receiver = application.receiver?.find(
      (r) => r.$['android:name'] === 'org.smsgateway.transport.RestartReceiver',
    );

    expect(receiver?.$['android:exported']).toBe('true');
    const actions = receiver?.['intent-filter']?.flatMap((f) => f.action ?? []).map((a) => a.$['android:name']);
    expect(actions).toEqual(['android.intent.action.BOOT_COMPLETED', 'android.intent.action.MY_PACKAGE_REPLACED']);
  });

  it('leaves the manifest unchanged when prebuild runs again over the generated project', async () => {
    await prebuild();

    expect(readFileSync(manifestPath(), 'utf8')).toBe(manifestXml);
  }, 120_000);

  it('autolinks the sms-transport module with its ReactPackage, as Gradle will ask for it', async () => {
    // The same command, run from android/, that expo-autolinking-settings hands to React Native's Gradle plugin.
    const { stdout } = await run(
      process.execPath,
      [autolinkingCli, 'react-native-config', '--platform', 'android', '--json'],
      { cwd: join(projectDir, 'android'), env: cliEnv, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
    );
    const config = JSON.parse(stdout) as {
      project: { android?: { packageName: string } };
      dependencies: Record<string, { root: string; platforms: { android?: Record<string, unknown> | null } }>;
    };

    expect(config.project.android?.packageName).toBe('org.smsgateway.agent');
    const transport = config.dependencies['@sms-gateway/sms-transport'];
    expect(transport?.root).toBe(join(projectDir, 'modules/sms-transport'));
    expect(transport?.platforms.android).toMatchObject({
      packageImportPath: 'import org.smsgateway.transport.SmsTransportPackage;',
      packageInstance: 'new SmsTransportPackage()',
    });
    expect(config.dependencies['react-native-background-actions']?.platforms.android).toBeTruthy();
  }, 90_000);
});
