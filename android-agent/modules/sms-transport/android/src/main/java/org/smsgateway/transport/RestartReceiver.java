package org.smsgateway.transport;

import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;

/**
 * Declared in the app manifest (by the config plugin) for BOOT_COMPLETED and MY_PACKAGE_REPLACED:
 * after a reboot or an app update nothing of the app runs, so this starts the background service
 * again when the user had left the gateway running. Both are protected broadcasts, which only the
 * system can send; any other action is ignored.
 */
public final class RestartReceiver extends BroadcastReceiver {
  @Override
  public void onReceive(Context context, Intent intent) {
    String action = intent.getAction();
    if (!Intent.ACTION_BOOT_COMPLETED.equals(action) && !Intent.ACTION_MY_PACKAGE_REPLACED.equals(action)) return;
    ServiceRestart.startIfWanted(context);
  }
}
