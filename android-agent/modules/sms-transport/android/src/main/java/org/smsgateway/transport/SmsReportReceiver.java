package org.smsgateway.transport;

import android.app.Activity;
import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;
import android.telephony.SmsManager;
import android.telephony.SmsMessage;
import android.util.Log;
import java.util.Collections;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * Sent and delivery reports of our own PendingIntents. Declared in the app manifest (not exported:
 * the intents name this class, and a PendingIntent is sent as the app that made it), so a report
 * that arrives after the process died starts it again instead of being lost. Reports are queued
 * persistently and read by JavaScript like received SMS.
 */
public final class SmsReportReceiver extends BroadcastReceiver {
  private static final String TAG = "SmsTransport";
  static final String ACTION_SENT = "org.smsgateway.transport.SMS_SENT";
  static final String ACTION_DELIVERED = "org.smsgateway.transport.SMS_DELIVERED";

  @Override
  public void onReceive(Context context, Intent intent) {
    String action = intent.getAction();
    if (!ACTION_SENT.equals(action) && !ACTION_DELIVERED.equals(action)) return;
    try {
      JSONObject report = report(intent, action, getResultCode());
      if (report == null) return;
      PersistentQueue.REPORTS.add(context, Collections.singletonList(report));
      SmsTransportModule.notifyQueued(SmsTransportModule.EVENT_REPORTS_QUEUED);
    } catch (JSONException e) {
      Log.e(TAG, "cannot queue a report", e);
    }
  }

  /** The part event JavaScript expects, or null when there is nothing to conclude. */
  private static JSONObject report(Intent intent, String action, int resultCode) throws JSONException {
    String messageId = intent.getStringExtra("messageId");
    if (messageId == null) return null;
    JSONObject event =
        new JSONObject()
            .put("messageId", messageId)
            .put("partIndex", intent.getIntExtra("partIndex", -1))
            .put("partCount", intent.getIntExtra("partCount", -1));
    if (ACTION_SENT.equals(action)) {
      String error = sentError(resultCode);
      event.put("kind", "sent").put("ok", error == null);
      if (error != null) {
        event.put("errorCode", error);
        Log.w(TAG, "part not sent, result code " + resultCode);
      }
    } else {
      Integer tpStatus = tpStatus(intent);
      if (tpStatus == null) return null; // nothing to conclude; the message stays "sent"
      event.put("kind", "delivered").put("ok", tpStatus < 0x20).put("tpStatus", (int) tpStatus);
    }
    return event;
  }

  /**
   * Maps the sent report's result code to the agent's error codes. Constants from API 30 are
   * compile-time ints, so naming them is safe on older phones (they simply never occur there).
   */
  static String sentError(int resultCode) {
    switch (resultCode) {
      case Activity.RESULT_OK:
        return null;
      case SmsManager.RESULT_ERROR_RADIO_OFF:
      case SmsManager.RESULT_ERROR_NO_SERVICE:
      case SmsManager.RESULT_RADIO_NOT_AVAILABLE:
      case SmsManager.RESULT_RIL_RADIO_NOT_AVAILABLE:
      case SmsManager.RESULT_RIL_NETWORK_NOT_READY:
      case SmsManager.RESULT_RIL_SIM_ABSENT:
        return "NO_SERVICE";
      // LIMIT_EXCEEDED: Android's own per-app limit (the user declined its "many messages" dialog).
      case SmsManager.RESULT_ERROR_LIMIT_EXCEEDED:
      case SmsManager.RESULT_RIL_REQUEST_RATE_LIMITED:
        return "THROTTLED";
      // Fixed dialling numbers or a refused premium short code: this destination will not work.
      case SmsManager.RESULT_ERROR_FDN_CHECK_FAILURE:
      case SmsManager.RESULT_ERROR_SHORT_CODE_NOT_ALLOWED:
      case SmsManager.RESULT_ERROR_SHORT_CODE_NEVER_ALLOWED:
        return "INVALID_DESTINATION";
      default:
        // GENERIC_FAILURE, NULL_PDU, INVALID_SMS_FORMAT, INVALID_ARGUMENTS, modem and RIL errors.
        return "GENERIC_FAILURE";
    }
  }

  /**
   * TP-Status of a 3GPP status report (TS 23.040 §9.2.3.15). Null without a PDU, and for 3GPP2
   * (CDMA) reports, whose getStatus() uses another encoding.
   */
  private static Integer tpStatus(Intent intent) {
    byte[] pdu = intent.getByteArrayExtra("pdu");
    String format = intent.getStringExtra("format");
    if (pdu == null || !SmsMessage.FORMAT_3GPP.equals(format)) return null;
    SmsMessage report = SmsMessage.createFromPdu(pdu, format);
    return report == null ? null : report.getStatus();
  }
}
