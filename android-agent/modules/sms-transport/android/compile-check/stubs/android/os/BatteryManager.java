package android.os;

public class BatteryManager {
  public static final String EXTRA_LEVEL = "level";
  public static final String EXTRA_SCALE = "scale";
  public static final String EXTRA_PLUGGED = "plugged";
  public static final int BATTERY_PROPERTY_CAPACITY = 4;

  public int getIntProperty(int id) {
    throw new UnsupportedOperationException("stub");
  }

  public boolean isCharging() {
    throw new UnsupportedOperationException("stub");
  }
}
