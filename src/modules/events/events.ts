import type { OutboxState, ReportedStatus } from '@sms-gateway/android-agent/protocol';
import type { LiveView } from '@/modules/carriers/carrier-state.js';
import type { MessageStatus } from '@/modules/messages/message-status.js';
import type { AccountId } from '@/common/account-id.js';

/**
 * The gateway's in-process events, in one typed map (EventBus). Requests have exactly one handler,
 * which answers (the boot fails without it); notifications have any number of listeners, none of
 * which can fail another or the sender.
 */

/** A phone's or a carrier's report of a message's status. Channels know nothing of messages. */
export interface StatusReport {
  accountId: AccountId;
  deviceId?: string;
  carrierId?: string;
  messageId: string;
  /** A phone's words (the agent protocol), or `rejected`, which only carriers' receipts say (REJECTD). */
  status: ReportedStatus | 'rejected';
  at: Date;
  errorCode?: string;
  errorMessage?: string;
  parts?: number;
}

/** An SMS a phone or carrier received. */
export interface InboundSms {
  accountId: AccountId;
  deviceId?: string;
  simSlot?: number;
  /** The channel's own id for this SMS: a repeat with the same id is stored once. */
  sourceId?: string;
  from: string;
  to?: string;
  body: string;
  receivedAt: Date;
}

export interface OutboxSnapshot {
  accountId: AccountId;
  deviceId: string;
  outbox: { id: string; state: OutboxState }[];
  /** Only messages handed to the phone before this time are judged against the outbox. */
  assignedBefore: Date;
  /**
   * Of those, a message handed over since this time may still be on its way to the phone (its
   * dispatcher waits for the ack that long): it is not given to another phone, only to this one
   * again, which its outbox de-duplicates.
   */
  onItsWaySince: Date;
}

export interface Reconciliation {
  /** Ids the phone holds but must not send (canceled, expired, given to another route). */
  cancel: string[];
  /** Ids the phone holds and should keep. */
  resend: string[];
}

/** The answer to a report or an inbound SMS: it becomes the channel's ack. */
export type ReportResult = { ok: true } | { ok: false; code: string };

/** A phone came online or went offline (`device.online` / `device.offline`, DESIGN.md §6). */
export interface DeviceStatusChange {
  accountId: AccountId;
  deviceId: string;
  status: 'online' | 'offline';
  at: Date;
  /** Why it went offline: the socket closed, heartbeats stopped, or it was revoked or disabled. */
  reason?: 'disconnected' | 'silent' | 'revoked' | 'disabled';
}

/** A message moved to `status` (or was created in it). Committed: listeners never see a rollback. */
export interface MessageStatusChange {
  accountId: AccountId;
  messageId: string;
  status: MessageStatus;
  at: Date;
  deviceId?: string | null;
  errorCode?: string | null;
}

/** An inbound SMS was stored (once, however often the phone repeated it). */
export interface InboundReceived {
  accountId: AccountId;
  id: string;
  from: string;
  body: string;
  deviceId: string | null;
  simSlot: number | null;
  receivedAt: Date;
}

/** How many rows are in one status (a metrics gauge's series). */
export interface StatusCount {
  status: string;
  n: number;
}

/** Requests: `[input, answer]`; one handler each. */
export interface RequestEvents {
  /** A status report from a phone or carrier (handled by dispatch's StatusReportsService). */
  'channel.status': [StatusReport, ReportResult];
  /** An SMS a phone or carrier received (handled by the messages module's InboundSmsService). */
  'channel.inbound': [InboundSms, ReportResult];
  /** A phone's outbox at hello, judged against the database (PhoneReconciliationService). */
  'channel.reconcile': [OutboxSnapshot, Reconciliation];
  /**
   * A phone that stayed connected had its presence put back after Redis came back empty: its
   * hand-overs' retries lived in Redis too, and it will not say hello again (PhoneReconciliationService).
   */
  'channel.presence-restored': [{ accountId: AccountId; deviceId: string }, void];
  /** Which of the ids are carriers of the account (CarriersService), for routes that name them. */
  'carriers.owned': [{ accountId: AccountId; ids: string[] }, Set<string>];
  /** The live state of these carriers' connections (CarrierState), for the metrics. */
  'carriers.live-state': [string[], Map<string, LiveView>];
  /** The first `limit` carriers by id, of all accounts, enabled or not (CarriersService), for the metrics. */
  'carriers.gauges': [{ limit: number }, { carriers: { id: string; enabled: boolean }[] }];
  /** Messages by status and the dead letters, of all accounts (messages' MessageGauges), for the metrics. */
  'messages.gauges': [void, { byStatus: StatusCount[]; deadLetters: number }];
  /** Webhook deliveries created in the last hour by status, of all accounts (WebhooksService), for the metrics. */
  'webhooks.gauges': [void, { deliveriesLastHour: StatusCount[] }];
  /** Device id → partsPerMinute, of the devices of all accounts that set one (DevicesService), for the metrics. */
  'devices.throttles': [void, Map<string, number>];
}

/** Notifications: their payload; any number of listeners. */
export interface NotificationEvents {
  /** A phone came online or went offline (webhooks, subscriptions, the phone waitlist). */
  'device.status': DeviceStatusChange;
  /** A message's status changed, committed (subscriptions, metrics). */
  'message.status': MessageStatusChange;
  /** An inbound SMS was stored (subscriptions). */
  'message.inbound': InboundReceived;
}

export type RequestName = keyof RequestEvents;
export type NotificationName = keyof NotificationEvents;
