package org.smsgateway.transport;

import android.content.Context;
import android.content.Intent;
import android.content.SharedPreferences;
import android.os.Build;
import android.util.Log;
import java.util.ArrayList;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * The persisted "should run" flag: JavaScript sets it (with the service's notification options) when
 * the user starts the gateway and clears it on Stop; Android's boot and update broadcasts read it
 * here, before any JavaScript runs, and start the background service again.
 */
final class ServiceRestart {
  private static final String TAG = "SmsTransport";
  private static final String PREFS = "org.smsgateway.transport.service";
  /** Present while the gateway should run: the options the service was last started with. */
  private static final String KEY = "restartOptions";
  /** react-native-background-actions' HeadlessJsTaskService, which runs the agent's task. */
  static final String SERVICE = "com.asterinet.react.bgactions.RNBackgroundActionsTask";

  private ServiceRestart() {}

  /** null clears the flag. commit, not apply: the process may die right after a Stop. */
  static void set(Context context, String optionsJson) {
    SharedPreferences.Editor editor = prefs(context).edit();
    if (optionsJson == null) editor.remove(KEY);
    else editor.putString(KEY, optionsJson);
    editor.commit();
  }

  /**
   * Starts the service as react-native-background-actions would (the extras its
   * BackgroundTaskOptions reads), naming the task that index.ts registers at the app's entry.
   */
  static void startIfWanted(Context context) {
    String json = prefs(context).getString(KEY, null);
    if (json == null) return;
    try {
      JSONObject options = new JSONObject(json);
      ArrayList<String> types = new ArrayList<>();
      types.add(options.optString("foregroundServiceType"));
      int icon =
          context
              .getResources()
              .getIdentifier(options.optString("iconName"), options.optString("iconType"), context.getPackageName());
      Intent intent =
          new Intent()
              .setClassName(context, SERVICE)
              .putExtra("taskName", options.getString("taskName"))
              .putExtra("taskTitle", options.optString("taskTitle"))
              .putExtra("taskDesc", options.optString("taskDesc"))
              .putExtra("iconInt", icon)
              .putExtra("color", options.optInt("color", 0xFFFFFFFF))
              .putStringArrayListExtra("foregroundServiceType", types);
      String link = options.optString("linkingURI");
      if (!link.isEmpty()) intent.putExtra("linkingURI", link);
      // Boot and package-replaced broadcasts are among Android 12's exemptions from the ban on
      // starting a foreground service from the background; remoteMessaging is not among the
      // types Android 15 refuses at boot.
      if (Build.VERSION.SDK_INT >= 26) context.startForegroundService(intent);
      else context.startService(intent);
    } catch (JSONException e) {
      Log.e(TAG, "unreadable restart options; the gateway stays stopped", e);
    } catch (RuntimeException e) {
      // ForegroundServiceStartNotAllowedException (an IllegalStateException) and the like.
      Log.e(TAG, "could not restart the gateway service", e);
    }
  }

  private static SharedPreferences prefs(Context context) {
    return context.getSharedPreferences(PREFS, Context.MODE_PRIVATE);
  }
}
