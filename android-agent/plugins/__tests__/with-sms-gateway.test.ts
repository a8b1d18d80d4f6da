import { AndroidConfig } from 'expo/config-plugins';
import { describe, expect, it } from 'vitest';
import {
  addGatewayPermissions,
  addRestartReceiver,
  addSmsInboxReceiver,
  addSmsReportReceiver,
  applySmsGatewayManifest,
  setAsyncStorageSize,
  setBackgroundServiceType,
} from '../with-sms-gateway';

type AndroidManifest = AndroidConfig.Manifest.AndroidManifest;

const BG_SERVICE = 'com.asterinet.react.bgactions.RNBackgroundActionsTask';
const RECEIVER = 'org.smsgateway.transport.SmsInboxReceiver';

/** The shape of the manifest in Expo's prebuild template, with one unrelated permission and service. */
function templateManifest(): AndroidManifest {
  return {
    manifest: {
      $: { 'xmlns:android': 'http://schemas.android.com/apk/res/android' },
      'uses-permission': [
        { $: { 'android:name': 'android.permission.INTERNET' } },
        { $: { 'android:name': 'android.permission.VIBRATE' } },
      ],
      queries: [],
      application: [
        {
          $: { 'android:name': '.MainApplication', 'android:label': '@string/app_name' },
          activity: [{ $: { 'android:name': '.MainActivity', 'android:exported': 'true' } }],
          service: [{ $: { 'android:name': 'com.example.OtherService', 'android:exported': 'false' } }],
        },
      ],
    },
  };
}

function permissionNames(manifest: AndroidManifest): string[] {
  return (manifest.manifest['uses-permission'] ?? []).map((p) => p.$['android:name']);
}

function application(manifest: AndroidManifest) {
  return AndroidConfig.Manifest.getMainApplicationOrThrow(manifest);
}

describe('addGatewayPermissions', () => {
  it('adds every permission the agent uses, each once, next to the existing ones', () => {
    const names = permissionNames(addGatewayPermissions(templateManifest()));

    expect(names).toEqual(
      expect.arrayContaining([
        'android.permission.SEND_SMS',
        'android.permission.RECEIVE_SMS',
        'android.permission.READ_PHONE_STATE',
        'android.permission.READ_PHONE_NUMBERS',
        'android.permission.FOREGROUND_SERVICE',
        'android.permission.FOREGROUND_SERVICE_REMOTE_MESSAGING',
        'android.permission.POST_NOTIFICATIONS',
        'android.permission.WAKE_LOCK',
        'android.permission.REQUEST_IGNORE_BATTERY_OPTIMIZATIONS',
        'android.permission.INTERNET',
        'android.permission.VIBRATE',
      ]),
    );
    expect(new Set(names).size).toBe(names.length);
  });

  it('asks for RECEIVE_BOOT_COMPLETED, which restarts the gateway, and not READ_SMS, which nothing uses', () => {
    const names = permissionNames(addGatewayPermissions(templateManifest()));

    expect(names).toContain('android.permission.RECEIVE_BOOT_COMPLETED');
    expect(names).not.toContain('android.permission.READ_SMS');
  });
});

describe('setBackgroundServiceType', () => {
  it('declares the background-actions service as remoteMessaging, overriding the library manifest', () => {
    const manifest = setBackgroundServiceType(templateManifest());

    const service = application(manifest).service?.find((s) => s.$['android:name'] === BG_SERVICE);
    expect(service?.$).toMatchObject({
      'android:foregroundServiceType': 'remoteMessaging',
      'tools:replace': 'android:foregroundServiceType',
    });
    // tools:replace is only valid XML with the tools namespace on the root element.
    expect(manifest.manifest.$['xmlns:tools']).toBe('http://schemas.android.com/tools');
  });

  it('corrects a wrong type on an existing declaration instead of adding a second one', () => {
    const manifest = templateManifest();
    application(manifest).service?.push({
      $: { 'android:name': BG_SERVICE, 'android:foregroundServiceType': 'dataSync' },
    });

    const services = application(setBackgroundServiceType(manifest)).service ?? [];

    const matching = services.filter((s) => s.$['android:name'] === BG_SERVICE);
    expect(matching).toHaveLength(1);
    expect(matching[0]?.$['android:foregroundServiceType']).toBe('remoteMessaging');
  });

  it('leaves an unrelated service as it was', () => {
    const services = application(setBackgroundServiceType(templateManifest())).service ?? [];

    expect(services.find((s) => s.$['android:name'] === 'com.example.OtherService')?.$).toEqual({
      'android:name': 'com.example.OtherService',
      'android:exported': 'false',
    });
  });
});

describe('addSmsInboxReceiver', () => {
  it('registers the inbox receiver for SMS_RECEIVED, guarded by BROADCAST_SMS', () => {
    const receivers = application(addSmsInboxReceiver(templateManifest())).receiver ?? [];

    expect(receivers).toEqual([
      {
        $: {
          'android:name': RECEIVER,
          'android:exported': 'true',
          'android:permission': 'android.permission.BROADCAST_SMS',
        },
        'intent-filter': [{ action: [{ $: { 'android:name': 'android.provider.Telephony.SMS_RECEIVED' } }] }],
      },
    ]);
  });
});

describe('addSmsReportReceiver', () => {
  it('declares the report receiver, not exported: only its own PendingIntents reach it', () => {
    const receivers = application(addSmsReportReceiver(templateManifest())).receiver ?? [];

    expect(receivers).toEqual([
      { $: { 'android:name': 'org.smsgateway.transport.SmsReportReceiver', 'android:exported': 'false' } },
    ]);
  });
});

describe('addRestartReceiver', () => {
  it('registers the restart receiver for BOOT_COMPLETED and MY_PACKAGE_REPLACED, exported for the system', () => {
    const receivers = application(addRestartReceiver(templateManifest())).receiver ?? [];

    expect(receivers).toEqual([
      {
        $: { 'android:name': 'org.smsgateway.transport.RestartReceiver', 'android:exported': 'true' },
        'intent-filter': [
          {
            action: [
              { $: { 'android:name': 'android.intent.action.BOOT_COMPLETED' } },
              { $: { 'android:name': 'android.intent.action.MY_PACKAGE_REPLACED' } },
            ],
          },
        ],
      },
    ]);
  });
});

describe('applySmsGatewayManifest', () => {
  it('yields the same manifest when applied twice', () => {
    const once = applySmsGatewayManifest(templateManifest());
    const snapshot = structuredClone(once);

    const twice = applySmsGatewayManifest(once);

    expect(twice).toEqual(snapshot);
  });

  it('declares the three receivers once each', () => {
    const manifest = applySmsGatewayManifest(applySmsGatewayManifest(templateManifest()));

    expect(application(manifest).receiver?.map((r) => r.$['android:name'])).toEqual([
      'org.smsgateway.transport.SmsInboxReceiver',
      'org.smsgateway.transport.SmsReportReceiver',
      'org.smsgateway.transport.RestartReceiver',
    ]);
  });

  it('keeps the template activity and its permissions', () => {
    const manifest = applySmsGatewayManifest(templateManifest());

    expect(application(manifest).activity?.map((a) => a.$['android:name'])).toEqual(['.MainActivity']);
    expect(permissionNames(manifest)).toEqual(expect.arrayContaining(['android.permission.VIBRATE']));
  });
});

describe('setAsyncStorageSize', () => {
  type PropertiesItem = AndroidConfig.Properties.PropertiesItem;

  it("raises AsyncStorage's database limit to 64 MB in gradle.properties", () => {
    const properties: PropertiesItem[] = [
      { type: 'comment', value: 'Project-wide Gradle settings.' },
      { type: 'property', key: 'org.gradle.jvmargs', value: '-Xmx2048m' },
    ];

    const result = setAsyncStorageSize(properties);

    expect(result).toEqual([
      { type: 'comment', value: 'Project-wide Gradle settings.' },
      { type: 'property', key: 'org.gradle.jvmargs', value: '-Xmx2048m' },
      { type: 'property', key: 'AsyncStorage_db_size_in_MB', value: '64' },
    ]);
  });

  it('replaces an existing value instead of adding a second line, so a second run is a no-op', () => {
    const properties: PropertiesItem[] = [{ type: 'property', key: 'AsyncStorage_db_size_in_MB', value: '6' }];

    const once = setAsyncStorageSize(properties);
    const twice = setAsyncStorageSize(structuredClone(once));

    expect(once).toEqual([{ type: 'property', key: 'AsyncStorage_db_size_in_MB', value: '64' }]);
    expect(twice).toEqual(once);
  });
});
