package android.content;

import android.os.Handler;

public class ContextWrapper extends Context {
  private static UnsupportedOperationException stub() {
    return new UnsupportedOperationException("stub");
  }

  @Override
  public Intent registerReceiver(BroadcastReceiver receiver, IntentFilter filter) {
    throw stub();
  }

  @Override
  public Intent registerReceiver(BroadcastReceiver receiver, IntentFilter filter, int flags) {
    throw stub();
  }

  @Override
  public Intent registerReceiver(
      BroadcastReceiver receiver, IntentFilter filter, String broadcastPermission, Handler scheduler) {
    throw stub();
  }

  @Override
  public Intent registerReceiver(
      BroadcastReceiver receiver, IntentFilter filter, String broadcastPermission, Handler scheduler, int flags) {
    throw stub();
  }

  @Override
  public void unregisterReceiver(BroadcastReceiver receiver) {
    throw stub();
  }

  @Override
  public int checkSelfPermission(String permission) {
    throw stub();
  }

  @Override
  public String getPackageName() {
    throw stub();
  }

  @Override
  public SharedPreferences getSharedPreferences(String name, int mode) {
    throw stub();
  }

  @Override
  public Context getApplicationContext() {
    throw stub();
  }

  @Override
  public android.content.res.Resources getResources() {
    throw stub();
  }

  @Override
  public ComponentName startService(Intent service) {
    throw stub();
  }

  @Override
  public ComponentName startForegroundService(Intent service) {
    throw stub();
  }
}
