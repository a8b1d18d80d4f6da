package android.telephony;

public class TelephonyManager {
  /** API 28+; null when the signal strength is not known. */
  public SignalStrength getSignalStrength() {
    throw new UnsupportedOperationException("stub");
  }
}
