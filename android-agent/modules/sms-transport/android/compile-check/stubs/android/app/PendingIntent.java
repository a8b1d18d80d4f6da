package android.app;

import android.content.Context;
import android.content.Intent;

public final class PendingIntent {
  public static final int FLAG_ONE_SHOT = 1 << 30;
  public static final int FLAG_IMMUTABLE = 1 << 26;
  public static final int FLAG_MUTABLE = 1 << 25;

  public static PendingIntent getBroadcast(Context context, int requestCode, Intent intent, int flags) {
    throw new UnsupportedOperationException("stub");
  }
}
