package org.smsgateway.transport;

import android.content.Intent;
import android.os.Build;
import android.provider.Telephony;
import android.telephony.SmsMessage;
import android.telephony.SubscriptionManager;
import com.facebook.react.bridge.Arguments;
import com.facebook.react.bridge.WritableMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.json.JSONException;
import org.json.JSONObject;

/** One received SMS with its parts joined, as emitted live and as kept in the inbox queue. */
final class InboundSms {
  final String from;
  final String body;
  final long receivedAt;
  /** -1 when the platform did not say. */
  final int subscriptionId;
  final int slot;

  InboundSms(String from, String body, long receivedAt, int subscriptionId, int slot) {
    this.from = from;
    this.body = body;
    this.receivedAt = receivedAt;
    this.subscriptionId = subscriptionId;
    this.slot = slot;
  }

  /** Reads an SMS_RECEIVED broadcast. */
  static List<InboundSms> fromIntent(Intent intent) {
    List<InboundSms> result = new ArrayList<>();
    SmsMessage[] parts = Telephony.Sms.Intents.getMessagesFromIntent(intent);
    if (parts == null) return result;
    // Telephony puts both the API 30 extras and the older "subscription"/"slot" ones on the intent.
    int subscriptionId =
        intent.getIntExtra(
            SubscriptionManager.EXTRA_SUBSCRIPTION_INDEX, intent.getIntExtra("subscription", -1));
    int slot = intent.getIntExtra(SubscriptionManager.EXTRA_SLOT_INDEX, intent.getIntExtra("slot", -1));
    if (slot < 0 && subscriptionId >= 0 && Build.VERSION.SDK_INT >= 29) {
      int found = SubscriptionManager.getSlotIndex(subscriptionId);
      slot = found >= 0 && found != Integer.MAX_VALUE ? found : -1;
    }
    // The device's clock, not the SMSC timestamp: some networks stamp local time without a zone.
    long receivedAt = System.currentTimeMillis();
    // Telephony assembles a concatenated SMS before broadcasting, so one broadcast holds the parts
    // of one message in order; grouping by sender only guards against a platform batching several.
    Map<String, StringBuilder> bodies = new LinkedHashMap<>();
    for (SmsMessage part : parts) {
      if (part == null) continue;
      String from = part.getOriginatingAddress();
      String text = part.getMessageBody();
      bodies.computeIfAbsent(from == null ? "" : from, k -> new StringBuilder())
          .append(text == null ? "" : text);
    }
    for (Map.Entry<String, StringBuilder> e : bodies.entrySet()) {
      result.add(new InboundSms(e.getKey(), e.getValue().toString(), receivedAt, subscriptionId, slot));
    }
    return result;
  }

  JSONObject toJson() throws JSONException {
    return new JSONObject()
        .put("from", from)
        .put("body", body)
        .put("receivedAt", receivedAt)
        .put("subscriptionId", subscriptionId)
        .put("slot", slot);
  }

  static InboundSms fromJson(JSONObject json) {
    return new InboundSms(
        json.optString("from"),
        json.optString("body"),
        json.optLong("receivedAt"),
        json.optInt("subscriptionId", -1),
        json.optInt("slot", -1));
  }

  WritableMap toMap() {
    WritableMap map = Arguments.createMap();
    map.putString("from", from);
    map.putString("body", body);
    // A double: JS numbers hold epoch milliseconds exactly, and the bridge has no 64-bit integers.
    map.putDouble("receivedAt", (double) receivedAt);
    map.putInt("subscriptionId", subscriptionId);
    map.putInt("slot", slot);
    return map;
  }
}
