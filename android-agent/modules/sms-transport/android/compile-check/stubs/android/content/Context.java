package android.content;

import android.os.Handler;

public abstract class Context {
  public static final int MODE_PRIVATE = 0;
  public static final int RECEIVER_EXPORTED = 0x2;
  public static final int RECEIVER_NOT_EXPORTED = 0x4;

  public final <T> T getSystemService(Class<T> serviceClass) {
    throw new UnsupportedOperationException("stub");
  }

  public abstract Intent registerReceiver(BroadcastReceiver receiver, IntentFilter filter);

  public abstract Intent registerReceiver(BroadcastReceiver receiver, IntentFilter filter, int flags);

  public abstract Intent registerReceiver(
      BroadcastReceiver receiver, IntentFilter filter, String broadcastPermission, Handler scheduler);

  public abstract Intent registerReceiver(
      BroadcastReceiver receiver, IntentFilter filter, String broadcastPermission, Handler scheduler, int flags);

  public abstract void unregisterReceiver(BroadcastReceiver receiver);

  public abstract int checkSelfPermission(String permission);

  public abstract String getPackageName();

  public abstract SharedPreferences getSharedPreferences(String name, int mode);

  public abstract Context getApplicationContext();

  public abstract android.content.res.Resources getResources();

  public abstract ComponentName startService(Intent service);

  public abstract ComponentName startForegroundService(Intent service);
}
