package org.smsgateway.transport;

import android.Manifest;
import android.app.Activity;
import android.app.PendingIntent;
import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;
import android.content.IntentFilter;
import android.content.pm.PackageManager;
import android.os.Build;
import android.provider.Telephony;
import android.telephony.SmsManager;
import android.telephony.SmsMessage;
import android.telephony.SubscriptionInfo;
import android.telephony.SubscriptionManager;
import android.util.Log;
import com.facebook.react.bridge.Arguments;
import com.facebook.react.bridge.Promise;
import com.facebook.react.bridge.ReactApplicationContext;
import com.facebook.react.bridge.ReactContextBaseJavaModule;
import com.facebook.react.bridge.ReactMethod;
import com.facebook.react.bridge.WritableArray;
import com.facebook.react.bridge.WritableMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SIM, for JavaScript: list SIMs, send, per-part sent/delivery reports, incoming SMS. Everything
 * with judgement in it (retries, folding part reports, slot choice) lives in TypeScript.
 */
public final class SmsTransportModule extends ReactContextBaseJavaModule {
  private static final String TAG = "SmsTransport";
  private static final String ACTION_SENT = "org.smsgateway.transport.SMS_SENT";
  private static final String ACTION_DELIVERED = "org.smsgateway.transport.SMS_DELIVERED";
  private static final String EVENT_PART = "SmsTransportPart";
  private static final String EVENT_INCOMING = "SmsTransportIncoming";

  /** Static because Android, not React Native, creates SmsInboxReceiver, and it must see this. */
  private static volatile boolean listening;

  // PendingIntents with the same action and request code are one PendingIntent whatever their
  // extras, so every part needs its own code or all parts would report as the first. The random
  // start keeps a restarted process clear of codes its predecessor left in flight.
  private final AtomicInteger requestCodes = new AtomicInteger(new Random().nextInt());

  private final BroadcastReceiver reportReceiver =
      new BroadcastReceiver() {
        @Override
        public void onReceive(Context context, Intent intent) {
          onReport(intent, getResultCode());
        }
      };

  private final BroadcastReceiver incomingReceiver =
      new BroadcastReceiver() {
        @Override
        public void onReceive(Context context, Intent intent) {
          for (InboundSms sms : InboundSms.fromIntent(intent)) emit(EVENT_INCOMING, sms.toMap());
        }
      };

  private boolean reportsRegistered;
  private boolean incomingRegistered;

  SmsTransportModule(ReactApplicationContext context) {
    super(context);
  }

  @Override
  public String getName() {
    return "SmsTransport";
  }

  static boolean isListening() {
    return listening;
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
      registerReportReceiver();
      SmsManager manager = smsManager(subscriptionId);
      // Always the multipart call, also for one part: one code path, one kind of report.
      ArrayList<String> parts = manager.divideMessage(body);
      int count = parts.size();
      ArrayList<PendingIntent> sent = new ArrayList<>(count);
      ArrayList<PendingIntent> delivered = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        sent.add(reportIntent(ACTION_SENT, id, i, count));
        delivered.add(reportIntent(ACTION_DELIVERED, id, i, count));
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

  @ReactMethod
  public void startListening(Promise promise) {
    synchronized (this) {
      if (!incomingRegistered) {
        // Exported: SMS_RECEIVED comes from the telephony process. Requiring BROADCAST_SMS, which
        // only the system holds, keeps other apps from forging messages into the gateway.
        register(
            incomingReceiver,
            new IntentFilter(Telephony.Sms.Intents.SMS_RECEIVED_ACTION),
            Manifest.permission.BROADCAST_SMS,
            true);
        incomingRegistered = true;
      }
      // Set after registering: an SMS in between may be both emitted and queued, but never lost.
      listening = true;
    }
    promise.resolve(null);
  }

  @ReactMethod
  public void stopListening(Promise promise) {
    stopIncoming();
    promise.resolve(null);
  }

  /** What SmsInboxReceiver kept while nobody listened; emptied by the call. */
  @ReactMethod
  public void drainInbox(Promise promise) {
    WritableArray messages = Arguments.createArray();
    for (InboundSms sms : SmsInboxReceiver.drain(getReactApplicationContext())) messages.pushMap(sms.toMap());
    promise.resolve(messages);
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

  // NativeEventEmitter calls these; events are emitted whether or not anyone listens.
  @ReactMethod
  public void addListener(String eventName) {}

  @ReactMethod
  public void removeListeners(double count) {}

  @Override
  public void invalidate() {
    stopIncoming();
    synchronized (this) {
      if (reportsRegistered) unregister(reportReceiver);
      reportsRegistered = false;
    }
    super.invalidate();
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

  private void onReport(Intent intent, int resultCode) {
    String messageId = intent.getStringExtra("messageId");
    if (messageId == null) return;
    WritableMap event = Arguments.createMap();
    event.putString("messageId", messageId);
    event.putInt("partIndex", intent.getIntExtra("partIndex", -1));
    event.putInt("partCount", intent.getIntExtra("partCount", -1));
    if (ACTION_SENT.equals(intent.getAction())) {
      String error = sentError(resultCode);
      event.putString("kind", "sent");
      event.putBoolean("ok", error == null);
      if (error != null) {
        event.putString("errorCode", error);
        Log.w(TAG, "part not sent, result code " + resultCode);
      }
    } else {
      Integer tpStatus = tpStatus(intent);
      if (tpStatus == null) return; // nothing to conclude; the message stays "sent"
      event.putString("kind", "delivered");
      event.putBoolean("ok", tpStatus < 0x20);
      event.putInt("tpStatus", tpStatus);
    }
    emit(EVENT_PART, event);
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

  private PendingIntent reportIntent(String action, String messageId, int partIndex, int partCount) {
    Intent intent =
        new Intent(action)
            // Explicit: only this app hears about its messages, and Android 14 refuses mutable
            // PendingIntents around implicit intents.
            .setPackage(getReactApplicationContext().getPackageName())
            .putExtra("messageId", messageId)
            .putExtra("partIndex", partIndex)
            .putExtra("partCount", partCount);
    int flags =
        ACTION_SENT.equals(action)
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

  private synchronized void registerReportReceiver() {
    if (reportsRegistered) return;
    IntentFilter filter = new IntentFilter(ACTION_SENT);
    filter.addAction(ACTION_DELIVERED);
    // Not exported: a PendingIntent is broadcast as the app that created it, i.e. this one, even
    // when telephony fires it.
    register(reportReceiver, filter, null, false);
    reportsRegistered = true;
  }

  private synchronized void stopIncoming() {
    listening = false; // first: from here on SmsInboxReceiver keeps what arrives
    if (incomingRegistered) unregister(incomingReceiver);
    incomingRegistered = false;
  }

  private void register(BroadcastReceiver receiver, IntentFilter filter, String permission, boolean exported) {
    Context context = getReactApplicationContext();
    if (Build.VERSION.SDK_INT >= 33) {
      // Android 14 throws unless a receiver for non-system broadcasts says whether other apps
      // may reach it; the flags exist since 13.
      int flags = exported ? Context.RECEIVER_EXPORTED : Context.RECEIVER_NOT_EXPORTED;
      context.registerReceiver(receiver, filter, permission, null, flags);
    } else {
      context.registerReceiver(receiver, filter, permission, null);
    }
  }

  private boolean granted(String permission) {
    return getReactApplicationContext().checkSelfPermission(permission) == PackageManager.PERMISSION_GRANTED;
  }

  private void unregister(BroadcastReceiver receiver) {
    try {
      getReactApplicationContext().unregisterReceiver(receiver);
    } catch (IllegalArgumentException e) {
      // Not registered: nothing to undo.
    }
  }

  private void emit(String event, WritableMap payload) {
    ReactApplicationContext context = getReactApplicationContext();
    // emitDeviceEvent goes through RCTDeviceEventEmitter; without a running JS instance there is
    // nobody to tell (part reports for such a gap are lost; the outbox keeps the message "sent").
    if (context.hasActiveReactInstance()) context.emitDeviceEvent(event, payload);
  }
}
