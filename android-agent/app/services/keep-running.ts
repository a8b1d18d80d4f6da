import { NativeModules } from 'react-native';
import type { ServiceRestartOptions } from './background';

/** Records whether the gateway should run, where Android's boot and update broadcasts can read it. */
export type KeepRunning = (run: boolean) => Promise<void>;

interface KeepRunningModule {
  setKeepRunning?(serviceOptionsJsonOrNull: string | null): Promise<void>;
}

/**
 * The flag lives in the native module's SharedPreferences (ServiceRestart.java), because at boot
 * RestartReceiver reads it before any JavaScript runs. Without the module (Expo Go) nothing can
 * restart the service, and there is nothing to record.
 */
export function nativeKeepRunning(service: ServiceRestartOptions): KeepRunning {
  return async (run) => {
    const module = NativeModules.SmsTransport as KeepRunningModule | undefined;
    await module?.setKeepRunning?.(run ? JSON.stringify(service) : null);
  };
}
