package android.telephony;

import android.app.PendingIntent;
import java.util.ArrayList;

/** Values copied from the Android SDK (API 36) SmsManager. */
public final class SmsManager {
  public static final int RESULT_ERROR_GENERIC_FAILURE = 1;
  public static final int RESULT_ERROR_RADIO_OFF = 2;
  public static final int RESULT_ERROR_NULL_PDU = 3;
  public static final int RESULT_ERROR_NO_SERVICE = 4;
  public static final int RESULT_ERROR_LIMIT_EXCEEDED = 5;
  public static final int RESULT_ERROR_FDN_CHECK_FAILURE = 6;
  public static final int RESULT_ERROR_SHORT_CODE_NOT_ALLOWED = 7;
  public static final int RESULT_ERROR_SHORT_CODE_NEVER_ALLOWED = 8;
  public static final int RESULT_RADIO_NOT_AVAILABLE = 9;
  public static final int RESULT_INVALID_ARGUMENTS = 11;
  public static final int RESULT_INVALID_SMS_FORMAT = 14;
  public static final int RESULT_RIL_RADIO_NOT_AVAILABLE = 100;
  public static final int RESULT_RIL_REQUEST_RATE_LIMITED = 106;
  public static final int RESULT_RIL_NETWORK_NOT_READY = 116;
  public static final int RESULT_RIL_SIM_ABSENT = 120;

  /** @deprecated API 31: use Context.getSystemService(SmsManager.class). */
  @Deprecated
  public static SmsManager getDefault() {
    throw new UnsupportedOperationException("stub");
  }

  /** @deprecated API 31: use createForSubscriptionId. */
  @Deprecated
  public static SmsManager getSmsManagerForSubscriptionId(int subId) {
    throw new UnsupportedOperationException("stub");
  }

  public SmsManager createForSubscriptionId(int subId) {
    throw new UnsupportedOperationException("stub");
  }

  public ArrayList<String> divideMessage(String text) {
    throw new UnsupportedOperationException("stub");
  }

  public void sendMultipartTextMessage(
      String destinationAddress,
      String scAddress,
      ArrayList<String> parts,
      ArrayList<PendingIntent> sentIntents,
      ArrayList<PendingIntent> deliveryIntents) {
    throw new UnsupportedOperationException("stub");
  }
}
