import { AndroidConfig, withAndroidManifest, withGradleProperties, type ConfigPlugin } from 'expo/config-plugins';

type AndroidManifest = AndroidConfig.Manifest.AndroidManifest;
type ManifestApplication = AndroidConfig.Manifest.ManifestApplication;
type PropertiesItem = AndroidConfig.Properties.PropertiesItem;

/**
 * What the agent needs at runtime. READ_SMS is left out on purpose: sending uses SmsManager
 * (SEND_SMS) and incoming messages arrive in the SMS_RECEIVED broadcast (RECEIVE_SMS); the agent
 * never queries the inbox content provider. CAMERA comes from the expo-camera plugin.
 */
export const GATEWAY_PERMISSIONS = [
  'android.permission.INTERNET',
  'android.permission.SEND_SMS',
  'android.permission.RECEIVE_SMS',
  // SubscriptionManager's SIM list.
  'android.permission.READ_PHONE_STATE',
  // The SIM's own number on API 26+; the agent works without it.
  'android.permission.READ_PHONE_NUMBERS',
  'android.permission.FOREGROUND_SERVICE',
  'android.permission.FOREGROUND_SERVICE_REMOTE_MESSAGING',
  'android.permission.POST_NOTIFICATIONS',
  'android.permission.WAKE_LOCK',
  'android.permission.REQUEST_IGNORE_BATTERY_OPTIMIZATIONS',
  // RestartReceiver: the gateway starts again after a reboot when it was left running.
  'android.permission.RECEIVE_BOOT_COMPLETED',
] as const;

/** Declared (without a type) in react-native-background-actions' own manifest as `.RNBackgroundActionsTask`. */
export const BACKGROUND_ACTIONS_SERVICE = 'com.asterinet.react.bgactions.RNBackgroundActionsTask';

/**
 * remoteMessaging, not dataSync: Android 15 stops dataSync foreground services after 6 hours a day,
 * and a gateway phone relays messages all day long.
 */
export const BACKGROUND_SERVICE_TYPE = 'remoteMessaging';

export const SMS_INBOX_RECEIVER = 'org.smsgateway.transport.SmsInboxReceiver';
export const SMS_RECEIVED_ACTION = 'android.provider.Telephony.SMS_RECEIVED';
// Only the telephony stack holds BROADCAST_SMS, so no other app can forge an incoming SMS.
export const BROADCAST_SMS_PERMISSION = 'android.permission.BROADCAST_SMS';

export function addGatewayPermissions(manifest: AndroidManifest): AndroidManifest {
  AndroidConfig.Permissions.ensurePermissions(manifest, [...GATEWAY_PERMISSIONS]);
  return manifest;
}

/**
 * The app manifest re-declares the library's service with its type; the manifest merger joins the
 * two elements by android:name. tools:replace keeps our type should a later library version
 * declare another one, instead of failing the build on the conflict.
 */
export function setBackgroundServiceType(manifest: AndroidManifest): AndroidManifest {
  AndroidConfig.Manifest.ensureToolsAvailable(manifest);
  const application = AndroidConfig.Manifest.getMainApplicationOrThrow(manifest);
  const services = (application.service ??= []);
  let service = services.find((s) => s.$['android:name'] === BACKGROUND_ACTIONS_SERVICE);
  if (!service) {
    service = { $: { 'android:name': BACKGROUND_ACTIONS_SERVICE } };
    services.push(service);
  }
  service.$['android:foregroundServiceType'] = BACKGROUND_SERVICE_TYPE;
  (service.$ as Record<string, string | undefined>)['tools:replace'] = 'android:foregroundServiceType';
  return manifest;
}

type ManifestReceiver = NonNullable<ManifestApplication['receiver']>[number];

/** Adds the receiver, or replaces an earlier declaration of it whole, so a second run is a no-op. */
function putReceiver(manifest: AndroidManifest, receiver: ManifestReceiver): AndroidManifest {
  const application: ManifestApplication = AndroidConfig.Manifest.getMainApplicationOrThrow(manifest);
  const receivers = (application.receiver ??= []);
  const index = receivers.findIndex((r) => r.$['android:name'] === receiver.$['android:name']);
  if (index >= 0) receivers[index] = receiver;
  else receivers.push(receiver);
  return manifest;
}

/**
 * The only path of a received SMS: Android starts the process for it even when the agent is not
 * running, and the receiver queues it until the agent has stored it.
 */
export function addSmsInboxReceiver(manifest: AndroidManifest): AndroidManifest {
  // A variable: Expo's receiver type lacks android:permission, which the manifest accepts.
  const receiver = {
    $: {
      'android:name': SMS_INBOX_RECEIVER,
      // Exported so the system can deliver the broadcast; the permission below keeps others out.
      'android:exported': 'true' as const,
      'android:permission': BROADCAST_SMS_PERMISSION,
    },
    'intent-filter': [{ action: [{ $: { 'android:name': SMS_RECEIVED_ACTION } }] }],
  };
  return putReceiver(manifest, receiver);
}

export const SMS_REPORT_RECEIVER = 'org.smsgateway.transport.SmsReportReceiver';

/**
 * Sent and delivery reports: the module's PendingIntents name this receiver, so a report that comes
 * after the process died starts it and is queued instead of lost. Not exported and without an
 * intent filter: only those explicit intents, sent as this app, reach it.
 */
export function addSmsReportReceiver(manifest: AndroidManifest): AndroidManifest {
  return putReceiver(manifest, { $: { 'android:name': SMS_REPORT_RECEIVER, 'android:exported': 'false' } });
}

export const RESTART_RECEIVER = 'org.smsgateway.transport.RestartReceiver';
export const RESTART_ACTIONS = ['android.intent.action.BOOT_COMPLETED', 'android.intent.action.MY_PACKAGE_REPLACED'];

/**
 * Starts the background service after a reboot or an app update when the user left the gateway
 * running (the flag is the app's, in SharedPreferences). Exported because the system sends these;
 * both actions are protected broadcasts, so no other app can send them, and the receiver ignores
 * any other action.
 */
export function addRestartReceiver(manifest: AndroidManifest): AndroidManifest {
  return putReceiver(manifest, {
    $: { 'android:name': RESTART_RECEIVER, 'android:exported': 'true' },
    'intent-filter': [{ action: RESTART_ACTIONS.map((name) => ({ $: { 'android:name': name } })) }],
  });
}

export function applySmsGatewayManifest(manifest: AndroidManifest): AndroidManifest {
  return addRestartReceiver(
    addSmsReportReceiver(addSmsInboxReceiver(setBackgroundServiceType(addGatewayPermissions(manifest)))),
  );
}

/**
 * AsyncStorage's SQLite file is capped at 6 MB by default; past it every write fails with "database
 * or disk is full", and the outbox (messages taken, reports and received SMS not yet acknowledged)
 * lives there. 64 MB holds a long outage's backlog; the library reads this Gradle property.
 */
export const ASYNC_STORAGE_SIZE_PROPERTY = 'AsyncStorage_db_size_in_MB';
export const ASYNC_STORAGE_SIZE_MB = 64;

export function setAsyncStorageSize(properties: PropertiesItem[]): PropertiesItem[] {
  const value = String(ASYNC_STORAGE_SIZE_MB);
  const existing = properties.find(
    (item): item is Extract<PropertiesItem, { type: 'property' }> =>
      item.type === 'property' && item.key === ASYNC_STORAGE_SIZE_PROPERTY,
  );
  if (existing) {
    existing.value = value;
  } else {
    properties.push({ type: 'property', key: ASYNC_STORAGE_SIZE_PROPERTY, value });
  }
  return properties;
}

const withSmsGateway: ConfigPlugin = (config) =>
  withGradleProperties(
    withAndroidManifest(config, (modConfig) => {
      modConfig.modResults = applySmsGatewayManifest(modConfig.modResults);
      return modConfig;
    }),
    (modConfig) => {
      modConfig.modResults = setAsyncStorageSize(modConfig.modResults);
      return modConfig;
    },
  );

export default withSmsGateway;
