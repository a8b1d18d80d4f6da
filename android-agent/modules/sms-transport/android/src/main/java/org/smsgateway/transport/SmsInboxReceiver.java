package org.smsgateway.transport;

import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;
import android.provider.Telephony;
import android.util.Log;
import java.util.ArrayList;
import java.util.List;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * The only path of a received SMS. Declared in the app manifest (by the config plugin) so Android
 * starts the process for an SMS even when the agent is not running; it queues the message
 * persistently and, when JavaScript runs, tells it to read the queue. The queue forgets a message
 * only when JavaScript acknowledges its id, after the agent has stored it.
 */
public final class SmsInboxReceiver extends BroadcastReceiver {
  private static final String TAG = "SmsTransport";

  @Override
  public void onReceive(Context context, Intent intent) {
    if (!Telephony.Sms.Intents.SMS_RECEIVED_ACTION.equals(intent.getAction())) return;
    List<JSONObject> items = new ArrayList<>();
    for (InboundSms sms : InboundSms.fromIntent(intent)) {
      try {
        items.add(sms.toJson());
      } catch (JSONException e) {
        Log.e(TAG, "cannot queue an incoming SMS", e);
      }
    }
    if (items.isEmpty()) return;
    PersistentQueue.INBOUND.add(context, items);
    SmsTransportModule.notifyQueued(SmsTransportModule.EVENT_INBOUND_QUEUED);
  }
}
