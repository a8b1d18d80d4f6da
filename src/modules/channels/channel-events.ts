import { Injectable } from '@nestjs/common';
import type { OutboxState, ReportedStatus } from '@sms-gateway/android-agent/protocol';

/**
 * What channels (phones now, carriers later) report. Channels know nothing of messages: they
 * publish these typed events, and the dispatch module (status reports, reconciliation) and the
 * messages module (inbound SMS) handle them.
 */
export interface StatusReport {
  accountId: string;
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

export interface InboundSms {
  accountId: string;
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
  accountId: string;
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

/** A phone came online or went offline (`device.online` / `device.offline`, DESIGN.md §6). */
export interface DeviceStatusChange {
  accountId: string;
  deviceId: string;
  status: 'online' | 'offline';
  at: Date;
  /** Why it went offline: the socket closed, heartbeats stopped, or it was revoked or disabled. */
  reason?: 'disconnected' | 'silent' | 'revoked' | 'disabled';
}

export type ReportResult = { ok: true } | { ok: false; code: string };

type Handler<I, O> = (input: I) => Promise<O>;

function missing(name: string): never {
  throw new Error(`no handler registered for channel event ${name}`);
}

/** A typed hub with one handler per kind of report; the handler's answer becomes the channel's ack. */
@Injectable()
export class ChannelEvents {
  private statusHandler?: Handler<StatusReport, ReportResult>;
  private inboundHandler?: Handler<InboundSms, ReportResult>;
  private reconcileHandler?: Handler<OutboxSnapshot, Reconciliation>;
  private readonly deviceListeners: Handler<DeviceStatusChange, void>[] = [];
  private presenceHandler?: Handler<{ accountId: string; deviceId: string }, void>;

  handleStatus(handler: Handler<StatusReport, ReportResult>): void {
    this.statusHandler = handler;
  }

  handleInbound(handler: Handler<InboundSms, ReportResult>): void {
    this.inboundHandler = handler;
  }

  handleReconcile(handler: Handler<OutboxSnapshot, Reconciliation>): void {
    this.reconcileHandler = handler;
  }

  handlePresenceRestored(handler: Handler<{ accountId: string; deviceId: string }, void>): void {
    this.presenceHandler = handler;
  }

  /** Any number of listeners (webhooks, subscriptions); each runs on its own, none can fail another. */
  onDeviceStatus(listener: Handler<DeviceStatusChange, void>): void {
    this.deviceListeners.push(listener);
  }

  async deviceStatus(change: DeviceStatusChange): Promise<void> {
    await Promise.allSettled(this.deviceListeners.map((l) => l(change)));
  }

  /**
   * A phone that stayed connected had its presence put back after Redis came back empty: the
   * retries of its hand-overs lived in Redis too, and it will not say hello again to have them
   * reconciled.
   */
  presenceRestored(device: { accountId: string; deviceId: string }): Promise<void> {
    return this.presenceHandler ? this.presenceHandler(device) : Promise.resolve();
  }

  reportStatus(report: StatusReport): Promise<ReportResult> {
    return (this.statusHandler ?? missing('status'))(report);
  }

  reportInbound(sms: InboundSms): Promise<ReportResult> {
    return (this.inboundHandler ?? missing('inbound'))(sms);
  }

  reconcile(snapshot: OutboxSnapshot): Promise<Reconciliation> {
    return this.reconcileHandler ? this.reconcileHandler(snapshot) : Promise.resolve({ cancel: [], resend: [] });
  }
}
