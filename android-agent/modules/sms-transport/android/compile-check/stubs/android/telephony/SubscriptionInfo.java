package android.telephony;

public class SubscriptionInfo {
  public int getSubscriptionId() {
    throw new UnsupportedOperationException("stub");
  }

  public int getSimSlotIndex() {
    throw new UnsupportedOperationException("stub");
  }

  public CharSequence getDisplayName() {
    throw new UnsupportedOperationException("stub");
  }

  public CharSequence getCarrierName() {
    throw new UnsupportedOperationException("stub");
  }

  /** @deprecated API 33: use SubscriptionManager.getPhoneNumber. */
  @Deprecated
  public String getNumber() {
    throw new UnsupportedOperationException("stub");
  }
}
