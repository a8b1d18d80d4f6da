package org.smsgateway.transport;

import android.Manifest;
import android.app.PendingIntent;
import android.content.Intent;
import android.content.pm.PackageManager;
import android.os.Build;
import android.telephony.SmsManager;
import android.telephony.SubscriptionInfo;
import android.telephony.SubscriptionManager;
import android.util.Log;
import com.facebook.react.bridge.Arguments;
import com.facebook.react.bridge.Promise;
import com.facebook.react.bridge.ReactApplicationContext;
import com.facebook.react.bridge.ReactContextBaseJavaModule;
import com.facebook.react.bridge.ReactMethod;
import com.facebook.react.bridge.ReadableArray;
import com.facebook.react.bridge.WritableArray;
import com.facebook.react.bridge.WritableMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.json.JSONObject;

/**
 * The SIM, for JavaScript: list SIMs, send, per-part sent/delivery reports, incoming SMS. Everything
 * with judgement in it (retries, folding part reports, slot choice) lives in TypeScript.
 */
public final class SmsTransportModule extends ReactContextBaseJavaModule {
  private static final String TAG = "SmsTransport";
  static final String EVENT_INBOUND_QUEUED = "SmsTransportInboundQueued";
  static final String EVENT_REPORTS_QUEUED = "SmsTransportReportsQueued";

  /**
   * The module of the running JavaScript instance, if any: the manifest receivers (created by
   * Android, not React Native) tell it when they queued something.
   */
  private static volatile SmsTransportModule live;

  // PendingIntents with the same action and request code are one PendingIntent whatever their
  // extras, so every part needs its own code or all parts would report as the first. The random
  // start keeps a restarted process clear of codes its predecessor left in flight.
  private final AtomicInteger requestCodes = new AtomicInteger(new Random().nextInt());

  SmsTransportModule(ReactApplicationContext context) {
    super(context);
    live = this;
  }

  @Override
  public String getName() {
    return "SmsTransport";
  }

  @ReactMethod
  public void listSims(Promise promise) {
    if (!granted(Manifest.permission.READ_PHONE_STATE)) {
      promise.reject("PERMISSION_DENIED", "READ_PHONE_STATE is not granted");
      return;
    }
    try {
      SubscriptionManager subscriptions = getReactApplicationContext().getSystemService(SubscriptionManager.class);
      WritableArray sims = Arguments.createArray();
      List<SubscriptionInfo> active = subscriptions.getActiveSubscriptionInfoList();
      if (active != null) {
        for (SubscriptionInfo info : active) {
          WritableMap sim = Arguments.createMap();
          sim.putInt("slot", info.getSimSlotIndex());
          sim.putInt("subscriptionId", info.getSubscriptionId());
          String number = phoneNumber(subscriptions, info);
          if (number != null && !number.isEmpty()) sim.putString("phoneNumber", number);
          CharSequence operator = info.getCarrierName() != null ? info.getCarrierName() : info.getDisplayName();
          if (operator != null && operator.length() > 0) sim.putString("operator", operator.toString());
          sims.pushMap(sim);
        }
      }
      promise.resolve(sims);
    } catch (SecurityException e) {
      promise.reject("PERMISSION_DENIED", e.getMessage(), e);
    }
  }

  /**
   * Resolves once the radio has the message, with its part count; reports follow as events. A
   * rejection means nothing was handed to the radio, so the caller may retry safely. A boxed Double,
   * because JS passes null for "Android's default SIM" (the New Architecture's interop maps it).
   */
  @ReactMethod
  public void send(String id, String to, String body, Double subscriptionIdOrNull, Promise promise) {
    Integer subscriptionId = subscriptionIdOrNull == null ? null : subscriptionIdOrNull.intValue();
    if (!granted(Manifest.permission.SEND_SMS)
        || (subscriptionId != null && !granted(Manifest.permission.READ_PHONE_STATE))) {
      promise.reject("PERMISSION_DENIED", "SEND_SMS or READ_PHONE_STATE is not granted");
      return;
    }
    try {
      if (subscriptionId != null
          && getReactApplicationContext()
                  .getSystemService(SubscriptionManager.class)
                  .getActiveSubscriptionInfo(subscriptionId)
              == null) {
        promise.reject("NO_SUCH_SIM", "no active subscription " + subscriptionId);
        return;
      }
      SmsManager manager = smsManager(subscriptionId);
      // Always the multipart call, also for one part: one code path, one kind of report.
      ArrayList<String> parts = manager.divideMessage(body);
      int count = parts.size();
      ArrayList<PendingIntent> sent = new ArrayList<>(count);
      ArrayList<PendingIntent> delivered = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        sent.add(reportIntent(SmsReportReceiver.ACTION_SENT, id, i, count));
        delivered.add(reportIntent(SmsReportReceiver.ACTION_DELIVERED, id, i, count));
      }
      manager.sendMultipartTextMessage(to, null, parts, sent, delivered);
      WritableMap result = Arguments.createMap();
      result.putInt("parts", count);
      promise.resolve(result);
    } catch (SecurityException e) {
      promise.reject("PERMISSION_DENIED", e.getMessage(), e);
    } catch (RuntimeException e) {
      // e.g. IllegalArgumentException for an empty destination or body: thrown before transmitting.
      promise.reject("GENERIC_FAILURE", e.getMessage(), e);
    }
  }

  /** Received SMS not yet acknowledged, oldest first, each with its queue id. */
  @ReactMethod
  public void pendingInbound(Promise promise) {
    WritableArray messages = Arguments.createArray();
    for (JSONObject item : PersistentQueue.INBOUND.list(getReactApplicationContext())) {
      WritableMap map = InboundSms.fromJson(item).toMap();
      map.putString("id", item.optString("id"));
      messages.pushMap(map);
    }
    promise.resolve(messages);
  }

  /** Forgets received SMS that JavaScript has stored. */
  @ReactMethod
  public void ackInbound(ReadableArray ids, Promise promise) {
    PersistentQueue.INBOUND.ack(getReactApplicationContext(), idSet(ids));
    promise.resolve(null);
  }

  /** Sent and delivery reports not yet acknowledged, oldest first, each with its queue id. */
  @ReactMethod
  public void pendingReports(Promise promise) {
    WritableArray reports = Arguments.createArray();
    for (JSONObject item : PersistentQueue.REPORTS.list(getReactApplicationContext())) {
      WritableMap map = Arguments.createMap();
      map.putString("id", item.optString("id"));
      map.putString("messageId", item.optString("messageId"));
      map.putInt("partIndex", item.optInt("partIndex", -1));
      map.putInt("partCount", item.optInt("partCount", -1));
      map.putString("kind", item.optString("kind"));
      map.putBoolean("ok", item.optBoolean("ok"));
      if (item.has("errorCode")) map.putString("errorCode", item.optString("errorCode"));
      if (item.has("tpStatus")) map.putInt("tpStatus", item.optInt("tpStatus", -1));
      reports.pushMap(map);
    }
    promise.resolve(reports);
  }

  /** Forgets reports that JavaScript has applied to its outbox. */
  @ReactMethod
  public void ackReports(ReadableArray ids, Promise promise) {
    PersistentQueue.REPORTS.ack(getReactApplicationContext(), idSet(ids));
    promise.resolve(null);
  }

  /**
   * The persisted "should run" flag that RestartReceiver reads at boot and after an update: the
   * background service's options (JSON) while the gateway runs, null once the user stopped it.
   */
  @ReactMethod
  public void setKeepRunning(String serviceOptionsJsonOrNull, Promise promise) {
    ServiceRestart.set(getReactApplicationContext(), serviceOptionsJsonOrNull);
    promise.resolve(null);
  }

  /**
   * Battery, charging, signal and the battery-optimisation exemption, for the heartbeat; what the
   * platform cannot tell is left out (the exemption: null). Never rejects.
   */
  @ReactMethod
  public void deviceStatus(Promise promise) {
    try {
      promise.resolve(DeviceStatus.read(getReactApplicationContext()));
    } catch (RuntimeException e) {
      // Each value already stands alone; this is for the unforeseen. A heartbeat without them still goes.
      Log.w(TAG, "cannot read the device status", e);
      promise.resolve(Arguments.createMap());
    }
  }

  // NativeEventEmitter calls these; events are emitted whether or not anyone listens.
  @ReactMethod
  public void addListener(String eventName) {}

  @ReactMethod
  public void removeListeners(double count) {}

  @Override
  public void invalidate() {
    if (live == this) live = null;
    super.invalidate();
  }

  /** Called by the manifest receivers after queueing; JavaScript then reads the queue. */
  static void notifyQueued(String event) {
    SmsTransportModule module = live;
    if (module != null) module.emit(event, null);
  }

  private PendingIntent reportIntent(String action, String messageId, int partIndex, int partCount) {
    Intent intent =
        new Intent(getReactApplicationContext(), SmsReportReceiver.class)
            // Explicit (this app's manifest receiver): only this app hears about its messages, the
            // receiver gets them even when the process has to be started for them, and Android 14
            // refuses mutable PendingIntents around implicit intents.
            .setAction(action)
            .putExtra("messageId", messageId)
            .putExtra("partIndex", partIndex)
            .putExtra("partCount", partCount);
    int flags =
        SmsReportReceiver.ACTION_SENT.equals(action)
            // Android 12+ makes us choose. A sent report only needs its result code, which an
            // immutable intent still carries; it fires once.
            ? PendingIntent.FLAG_IMMUTABLE | PendingIntent.FLAG_ONE_SHOT
            // Mutable: telephony adds the report ("pdu", "format") as fill-in extras, which an
            // immutable PendingIntent drops. Not one-shot: a pending TP-Status (0x20-0x3F) is
            // followed by the final report on the same intent.
            : Build.VERSION.SDK_INT >= 31 ? PendingIntent.FLAG_MUTABLE : 0;
    return PendingIntent.getBroadcast(getReactApplicationContext(), requestCodes.getAndIncrement(), intent, flags);
  }

  @SuppressWarnings("deprecation") // the static getters are all there is below API 31
  private SmsManager smsManager(Integer subscriptionId) {
    if (Build.VERSION.SDK_INT >= 31) {
      SmsManager manager = getReactApplicationContext().getSystemService(SmsManager.class);
      return subscriptionId == null ? manager : manager.createForSubscriptionId(subscriptionId);
    }
    return subscriptionId == null ? SmsManager.getDefault() : SmsManager.getSmsManagerForSubscriptionId(subscriptionId);
  }

  @SuppressWarnings("deprecation") // SubscriptionInfo.getNumber is all there is below API 33
  private static String phoneNumber(SubscriptionManager subscriptions, SubscriptionInfo info) {
    try {
      // Since Android 13 the number needs READ_PHONE_NUMBERS; many SIMs do not store it at all.
      return Build.VERSION.SDK_INT >= 33
          ? subscriptions.getPhoneNumber(info.getSubscriptionId())
          : info.getNumber();
    } catch (SecurityException e) {
      return null;
    }
  }

  private boolean granted(String permission) {
    return getReactApplicationContext().checkSelfPermission(permission) == PackageManager.PERMISSION_GRANTED;
  }

  private static Set<String> idSet(ReadableArray ids) {
    Set<String> set = new HashSet<>();
    for (int i = 0; i < ids.size(); i++) set.add(ids.getString(i));
    return set;
  }

  private void emit(String event, WritableMap payload) {
    ReactApplicationContext context = getReactApplicationContext();
    // emitDeviceEvent goes through RCTDeviceEventEmitter; without a running JS instance there is
    // nobody to tell, and the queues keep everything for the next start.
    if (context.hasActiveReactInstance()) context.emitDeviceEvent(event, payload);
  }
}
