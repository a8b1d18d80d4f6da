import * as IntentLauncher from 'expo-intent-launcher';
import type { BatteryExemptionState } from './settings';

type Launcher = Pick<typeof IntentLauncher, 'startActivityAsync'>;

/**
 * Asks Android to exempt the app from battery optimisation (Doze would otherwise cut the socket
 * for minutes). The direct dialog answers yes or no; some vendors remove it, and then only the
 * settings list can be shown, whose outcome the app cannot read.
 */
export async function requestBatteryExemption(
  applicationId: string,
  launcher: Launcher = IntentLauncher,
): Promise<BatteryExemptionState> {
  try {
    const result = await launcher.startActivityAsync(
      IntentLauncher.ActivityAction.REQUEST_IGNORE_BATTERY_OPTIMIZATIONS,
      {
        data: `package:${applicationId}`,
      },
    );
    return result.resultCode === IntentLauncher.ResultCode.Success ? 'granted' : 'denied';
  } catch {
    await launcher.startActivityAsync(IntentLauncher.ActivityAction.IGNORE_BATTERY_OPTIMIZATION_SETTINGS);
    return 'settings-opened';
  }
}
