import { Linking, Platform } from 'react-native';
import { nativeDeviceStatus } from '../../modules/sms-transport/src/index';
import type { AgentLogger } from '../../src/lib/index';
import { AgentController } from './agent-controller';
import { APPLICATION_ID } from './app-info';
import { AsyncStorageOutboxStore } from './async-storage-outbox-store';
import { backgroundActionsRunner, SERVICE_RESTART_OPTIONS } from './background';
import { requestBatteryExemption } from './battery';
import { secureCredentialStore } from './credentials';
import { nativeKeepRunning } from './keep-running';
import { CLEARTEXT_ALLOWED } from './pairing-link';
import { androidPermissionsApi } from './permissions';
import { asyncStorageSettingsStore } from './settings';
import { createSmsTransport } from './transport';

/** To logcat. The core never puts a body, a full number or the token in its fields. */
const consoleLogger: AgentLogger = {
  info: (message, fields) => console.info(`[agent] ${message}`, fields ?? {}),
  warn: (message, fields) => console.warn(`[agent] ${message}`, fields ?? {}),
  error: (message, fields) => console.error(`[agent] ${message}`, fields ?? {}),
};

interface AndroidConstants {
  Model?: string;
  Manufacturer?: string;
  Release?: string;
}

/** The controller the app runs, over the real phone: SecureStore, AsyncStorage, the native SMS module. */
export function createAppController(): AgentController {
  // The transport acknowledges the native queues once the controller's outbox has stored what it handed over.
  const controller: AgentController = new AgentController({
    credentials: secureCredentialStore,
    settings: asyncStorageSettingsStore,
    outbox: new AsyncStorageOutboxStore(),
    transport: createSmsTransport({
      onProblem: (problem, detail) => consoleLogger.warn(problem, { detail: String(detail) }),
      stored: () => controller.whenStored(),
    }),
    runner: backgroundActionsRunner,
    keepRunning: nativeKeepRunning(SERVICE_RESTART_OPTIONS),
    allowCleartext: CLEARTEXT_ALLOWED,
    permissions: androidPermissionsApi,
    requestBatteryExemption: () => requestBatteryExemption(APPLICATION_ID),
    // Read from the native module for every heartbeat; {} in Expo Go.
    deviceStatus: nativeDeviceStatus((problem, detail) => consoleLogger.warn(problem, { detail: String(detail) })),
    logger: consoleLogger,
    deviceInfo: () => {
      const constants = Platform.constants as AndroidConstants;
      return {
        ...(constants.Model ? { model: constants.Model } : {}),
        ...(constants.Manufacturer ? { manufacturer: constants.Manufacturer } : {}),
        osVersion: `Android ${constants.Release ?? String(Platform.Version)}`,
      };
    },
  });
  return controller;
}

let shared: AgentController | undefined;

/**
 * The one controller of this JavaScript runtime. The screens and the background service's task run
 * in the same runtime, and Android recreates the activity (a swipe from Recents, a rotation) while
 * the service keeps the runtime alive: a controller per mounted screen would show "stopped" and
 * could not stop the agent that runs. So it lives here, at module level, and screens observe it.
 */
export function appController(): AgentController {
  shared ??= createAppController();
  return shared;
}

/**
 * The background service's headless task, registered at the app's entry (index.ts) under the name
 * the service asks for, so it exists in a runtime that Android started for the service alone.
 */
export async function runAgentInService(): Promise<void> {
  await appController().runInService();
}

/** For tests: the next `appController()` builds a new controller (stop the old one first). */
export function forgetAppController(): void {
  shared = undefined;
}

export function openAppSettings(): Promise<void> {
  return Linking.openSettings();
}
