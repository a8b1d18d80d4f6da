package org.smsgateway.transport;

import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;
import android.content.SharedPreferences;
import android.provider.Telephony;
import android.util.Log;
import java.util.ArrayList;
import java.util.List;
import org.json.JSONArray;
import org.json.JSONException;

/**
 * Declared in the app manifest (by the config plugin) so Android starts the process for an SMS even
 * when the agent is not running. It only keeps what arrives while nobody listens; the module's
 * runtime receiver handles the rest, so a message is never emitted twice.
 */
public final class SmsInboxReceiver extends BroadcastReceiver {
  private static final String TAG = "SmsTransport";
  private static final String PREFS = "org.smsgateway.transport.inbox";
  private static final String KEY = "queue";
  /** Bounds the file through a long outage; beyond it the oldest messages go. */
  private static final int MAX_QUEUED = 500;
  private static final Object LOCK = new Object();

  @Override
  public void onReceive(Context context, Intent intent) {
    if (!Telephony.Sms.Intents.SMS_RECEIVED_ACTION.equals(intent.getAction())) return;
    if (SmsTransportModule.isListening()) return;
    synchronized (LOCK) {
      try {
        JSONArray queue = new JSONArray(prefs(context).getString(KEY, "[]"));
        for (InboundSms sms : InboundSms.fromIntent(intent)) queue.put(sms.toJson());
        while (queue.length() > MAX_QUEUED) queue.remove(0);
        // commit, not apply: the process may be killed as soon as onReceive returns.
        prefs(context).edit().putString(KEY, queue.toString()).commit();
      } catch (JSONException e) {
        Log.e(TAG, "cannot queue an incoming SMS", e);
      }
    }
  }

  /** Returns the queued messages and empties the queue. */
  static List<InboundSms> drain(Context context) {
    List<InboundSms> result = new ArrayList<>();
    synchronized (LOCK) {
      try {
        JSONArray queue = new JSONArray(prefs(context).getString(KEY, "[]"));
        for (int i = 0; i < queue.length(); i++) result.add(InboundSms.fromJson(queue.getJSONObject(i)));
      } catch (JSONException e) {
        Log.e(TAG, "dropping an unreadable inbox queue", e);
      }
      prefs(context).edit().remove(KEY).commit();
    }
    return result;
  }

  private static SharedPreferences prefs(Context context) {
    return context.getSharedPreferences(PREFS, Context.MODE_PRIVATE);
  }
}
