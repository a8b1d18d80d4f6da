package org.smsgateway.transport;

import android.content.Context;
import android.content.SharedPreferences;
import android.util.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * A bounded queue of JSON items in SharedPreferences that survives the process: receivers add,
 * JavaScript reads (`list`) and removes only what it acknowledged (`ack`), once it has stored it.
 * An item is read as often as JavaScript asks until then, so each carries an id to ack and to
 * recognise a repeat by.
 */
final class PersistentQueue {
  private static final String TAG = "SmsTransport";
  private static final String KEY = "queue";

  /** Received SMS. The file name is the one the inbox queue had before ids, so nothing queued is lost. */
  static final PersistentQueue INBOUND = new PersistentQueue("org.smsgateway.transport.inbox", 500);
  /** Sent and delivery reports: a few per part; a long outage at 30 parts a minute fits. */
  static final PersistentQueue REPORTS = new PersistentQueue("org.smsgateway.transport.reports", 5000);

  private final String prefsName;
  private final int max;

  private PersistentQueue(String prefsName, int max) {
    this.prefsName = prefsName;
    this.max = max;
  }

  /** Appends, each with a fresh id; beyond the bound the oldest items go (and are logged). */
  synchronized void add(Context context, List<JSONObject> items) {
    JSONArray queue = read(context);
    try {
      for (JSONObject item : items) queue.put(item.put("id", UUID.randomUUID().toString()));
    } catch (JSONException e) {
      Log.e(TAG, "cannot queue an item", e);
    }
    int dropped = 0;
    while (queue.length() > max) {
      queue.remove(0);
      dropped++;
    }
    if (dropped > 0) Log.w(TAG, prefsName + ": full, dropped the " + dropped + " oldest");
    write(context, queue);
  }

  /** Everything not yet acknowledged, oldest first. Items from before ids get one here. */
  synchronized List<JSONObject> list(Context context) {
    JSONArray queue = read(context);
    List<JSONObject> result = new ArrayList<>();
    boolean assigned = false;
    for (int i = 0; i < queue.length(); i++) {
      try {
        JSONObject item = queue.getJSONObject(i);
        if (!item.has("id")) {
          item.put("id", UUID.randomUUID().toString());
          assigned = true;
        }
        result.add(item);
      } catch (JSONException e) {
        Log.e(TAG, prefsName + ": skipping an unreadable item", e);
      }
    }
    if (assigned) {
      JSONArray rewritten = new JSONArray();
      for (JSONObject item : result) rewritten.put(item);
      write(context, rewritten);
    }
    return result;
  }

  /** Removes the acknowledged items; unknown ids (already acknowledged) are ignored. */
  synchronized void ack(Context context, Set<String> ids) {
    JSONArray queue = read(context);
    JSONArray kept = new JSONArray();
    for (int i = 0; i < queue.length(); i++) {
      try {
        JSONObject item = queue.getJSONObject(i);
        if (!ids.contains(item.optString("id"))) kept.put(item);
      } catch (JSONException e) {
        Log.e(TAG, prefsName + ": dropping an unreadable item", e);
      }
    }
    write(context, kept);
  }

  private JSONArray read(Context context) {
    try {
      return new JSONArray(prefs(context).getString(KEY, "[]"));
    } catch (JSONException e) {
      Log.e(TAG, prefsName + ": unreadable queue, starting a new one", e);
      return new JSONArray();
    }
  }

  private void write(Context context, JSONArray queue) {
    // commit, not apply: a receiver's process may be killed as soon as onReceive returns.
    prefs(context).edit().putString(KEY, queue.toString()).commit();
  }

  private SharedPreferences prefs(Context context) {
    return context.getSharedPreferences(prefsName, Context.MODE_PRIVATE);
  }
}
