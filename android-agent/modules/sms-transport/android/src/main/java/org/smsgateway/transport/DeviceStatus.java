package org.smsgateway.transport;

import android.content.Context;
import android.content.Intent;
import android.content.IntentFilter;
import android.os.BatteryManager;
import android.os.Build;
import android.os.PowerManager;
import android.telephony.SignalStrength;
import android.telephony.TelephonyManager;
import android.util.Log;
import com.facebook.react.bridge.Arguments;
import com.facebook.react.bridge.WritableMap;

/**
 * What the heartbeat says about the phone: battery (percent), charging, signal (a 0..4 level) and
 * the battery-optimisation exemption. Read anew for each heartbeat. A value the platform cannot
 * give is left out (the exemption: null), and one failing value never takes the others with it.
 */
final class DeviceStatus {
  private static final String TAG = "SmsTransport";

  private DeviceStatus() {}

  static WritableMap read(Context context) {
    WritableMap status = Arguments.createMap();
    Intent battery = batteryIntent(context);
    BatteryManager manager = service(context, BatteryManager.class);

    Integer percent = batteryPercent(manager, battery);
    if (percent != null) status.putInt("battery", percent);

    Boolean charging = charging(manager, battery);
    if (charging != null) status.putBoolean("charging", charging);

    Integer signal = signalLevel(context);
    if (signal != null) status.putInt("signal", signal);

    Boolean exempt = batteryOptimizationExempt(context);
    if (exempt != null) status.putBoolean("batteryOptimizationExempt", exempt);
    else status.putNull("batteryOptimizationExempt");
    return status;
  }

  /** The sticky ACTION_BATTERY_CHANGED broadcast: no receiver is registered for it. */
  private static Intent batteryIntent(Context context) {
    try {
      return context.registerReceiver(null, new IntentFilter(Intent.ACTION_BATTERY_CHANGED));
    } catch (RuntimeException e) {
      Log.w(TAG, "cannot read the battery broadcast", e);
      return null;
    }
  }

  private static Integer batteryPercent(BatteryManager manager, Intent battery) {
    try {
      if (manager != null) {
        // Integer.MIN_VALUE (or 0 on some older phones) when unsupported; a running phone is above 0 %.
        int capacity = manager.getIntProperty(BatteryManager.BATTERY_PROPERTY_CAPACITY);
        if (capacity > 0 && capacity <= 100) return capacity;
      }
    } catch (RuntimeException e) {
      Log.w(TAG, "cannot read the battery capacity", e);
    }
    if (battery == null) return null;
    int level = battery.getIntExtra(BatteryManager.EXTRA_LEVEL, -1);
    int scale = battery.getIntExtra(BatteryManager.EXTRA_SCALE, -1);
    if (level < 0 || scale <= 0 || level > scale) return null;
    return Math.round(level * 100f / scale);
  }

  /**
   * On external power (plugged into a charger, USB or wireless), from the battery broadcast: a
   * full battery on a charger counts, which BatteryManager.isCharging() (the fallback) does not.
   */
  private static Boolean charging(BatteryManager manager, Intent battery) {
    if (battery != null) {
      int plugged = battery.getIntExtra(BatteryManager.EXTRA_PLUGGED, -1);
      if (plugged >= 0) return plugged != 0;
    }
    try {
      return manager == null ? null : manager.isCharging();
    } catch (RuntimeException e) {
      Log.w(TAG, "cannot tell whether the phone charges", e);
      return null;
    }
  }

  /** The default SIM's signal as a 0..4 level (API 28+); null before that or when Android does not say. */
  private static Integer signalLevel(Context context) {
    if (Build.VERSION.SDK_INT < 28) return null;
    try {
      TelephonyManager telephony = service(context, TelephonyManager.class);
      SignalStrength strength = telephony == null ? null : telephony.getSignalStrength();
      if (strength == null) return null;
      int level = strength.getLevel();
      return level >= 0 && level <= 4 ? level : null;
    } catch (RuntimeException e) {
      // SecurityException on phones that want a permission for it: the signal is left out.
      Log.w(TAG, "cannot read the signal strength", e);
      return null;
    }
  }

  private static Boolean batteryOptimizationExempt(Context context) {
    try {
      PowerManager power = service(context, PowerManager.class);
      return power == null ? null : power.isIgnoringBatteryOptimizations(context.getPackageName());
    } catch (RuntimeException e) {
      Log.w(TAG, "cannot read the battery-optimisation exemption", e);
      return null;
    }
  }

  private static <T> T service(Context context, Class<T> type) {
    try {
      return context.getSystemService(type);
    } catch (RuntimeException e) {
      Log.w(TAG, "no " + type.getSimpleName(), e);
      return null;
    }
  }
}
