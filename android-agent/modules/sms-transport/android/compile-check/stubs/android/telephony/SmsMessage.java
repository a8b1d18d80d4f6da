package android.telephony;

public class SmsMessage {
  public static final String FORMAT_3GPP = "3gpp";
  public static final String FORMAT_3GPP2 = "3gpp2";

  public static SmsMessage createFromPdu(byte[] pdu, String format) {
    throw new UnsupportedOperationException("stub");
  }

  public String getOriginatingAddress() {
    throw new UnsupportedOperationException("stub");
  }

  public String getMessageBody() {
    throw new UnsupportedOperationException("stub");
  }

  public int getStatus() {
    throw new UnsupportedOperationException("stub");
  }
}
