package android;

public final class Manifest {
  public static final class permission {
    public static final String BROADCAST_SMS = "android.permission.BROADCAST_SMS";
    public static final String READ_PHONE_STATE = "android.permission.READ_PHONE_STATE";
    public static final String RECEIVE_SMS = "android.permission.RECEIVE_SMS";
    public static final String SEND_SMS = "android.permission.SEND_SMS";
  }
}
