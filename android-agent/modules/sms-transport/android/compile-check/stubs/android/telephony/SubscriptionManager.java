package android.telephony;

import java.util.List;

public class SubscriptionManager {
  public static final String EXTRA_SUBSCRIPTION_INDEX = "android.telephony.extra.SUBSCRIPTION_INDEX";
  public static final String EXTRA_SLOT_INDEX = "android.telephony.extra.SLOT_INDEX";

  public List<SubscriptionInfo> getActiveSubscriptionInfoList() {
    throw new UnsupportedOperationException("stub");
  }

  public SubscriptionInfo getActiveSubscriptionInfo(int subId) {
    throw new UnsupportedOperationException("stub");
  }

  public String getPhoneNumber(int subscriptionId) {
    throw new UnsupportedOperationException("stub");
  }

  public static int getSlotIndex(int subscriptionId) {
    throw new UnsupportedOperationException("stub");
  }
}
