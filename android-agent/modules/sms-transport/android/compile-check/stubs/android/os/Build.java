package android.os;

public class Build {
  public static class VERSION {
    public static final int SDK_INT = Integer.getInteger("sdk", 0); // not a compile-time constant, as on Android
  }
}
