package android.telephony;

public class SignalStrength {
  /** 0 (none or unknown) to 4 (great). */
  public int getLevel() {
    throw new UnsupportedOperationException("stub");
  }
}
