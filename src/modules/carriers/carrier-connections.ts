import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { PDU } from 'smpp';
import { AppConfig } from '@/config/app-config.js';
import { EventBus } from '@/modules/events/event-bus.js';
import { UrlGuard, WebhookUrlForbidden } from '@/modules/webhooks/url-guard.js';
import type { HttpConfig, SmppConfig } from './carrier-config.js';
import { CarrierReceipts } from './carrier-receipts.js';
import { CarrierSecrets } from './carrier-secrets.js';
import { CarrierState, ZERO_COUNTERS, type CarrierCounters, type ChannelSnapshot } from './carrier-state.js';
import { CarriersRepository, type CarrierRow, type PartId } from './carriers.repository.js';
import { carrierRequest } from './http/http-client.js';
import { mapHttpResponse, renderJsonBody, renderUrl, type TemplateValues } from './http/http-template.js';
import { isReceipt, mapReceiptState, readReceipt } from './receipts.js';
import { decodeShortMessage, splitForSmpp } from './smpp/smpp-encoding.js';
import { LinkTargetRefused, SmppLink, type LinkState } from './smpp/smpp-link.js';
import type { AccountId } from '@/common/account-id.js';

/** A message as a carrier needs it. */
export interface CarrierPayload {
  messageId: string;
  to: string;
  from?: string | null;
  body: string;
  /** When given, the carrier must be this account's (a guard against a mis-wired route). */
  accountId?: AccountId;
}

export type CarrierDeliveryOutcome =
  { accepted: true; carrierMessageIds: string[] } | { accepted: false; code: string; permanent: boolean };

interface HeldLink {
  link: SmppLink;
  accountId: AccountId;
  updatedAt: number;
  config: SmppConfig;
  since: string;
}

type StateListener = (carrierId: string, state: LinkState, detail: string | null) => void;

/** Parts of an inbound concatenated SMS waiting for the rest, by carrier, sender and reference. */
interface PendingInbound {
  parts: Map<number, string>;
  total: number;
  timer: NodeJS.Timeout;
}

const INBOUND_ASSEMBLY_MS = 5 * 60_000;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** source_addr_ton/npi for a sender: alphanumeric 5/0, +E.164 1/1, other digits unknown/ISDN. */
export function sourceAddress(from: string, config: SmppConfig): { addr: string; ton: number; npi: number } {
  const international = /^\+\d{1,15}$/.test(from);
  const addr = international ? from.slice(1) : from;
  const auto = international ? { ton: 1, npi: 1 } : /^\d+$/.test(from) ? { ton: 0, npi: 1 } : { ton: 5, npi: 0 };
  return { addr, ton: config.sourceTon ?? auto.ton, npi: config.sourceNpi ?? auto.npi };
}

/**
 * The carriers as a channel (as AgentConnections is for phones): `deliver` hands one message to a
 * carrier and answers whether it took it. Processes with the worker role keep one SMPP session per
 * enabled SMPP carrier (SmppLink), re-read from the table every CARRIER_SYNC_INTERVAL_MS and at
 * once after a change made in this process; HTTP carriers need no session. What carriers report
 * back (receipts, inbound SMS) goes to the event bus (`channel.status`, `channel.inbound`). Knows nothing of messages beyond the payload.
 */
@Injectable()
export class CarrierConnections implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CarrierConnections.name);
  private readonly links = new Map<string, HeldLink>();
  private readonly httpCounters = new Map<string, { counters: CarrierCounters; down: string | null; since: string }>();
  private readonly listeners: StateListener[] = [];
  private readonly inbound = new Map<string, PendingInbound>();
  private syncTimer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  private syncing?: Promise<void>;
  private resync = false;
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    private readonly repo: CarriersRepository,
    private readonly secrets: CarrierSecrets,
    private readonly state: CarrierState,
    private readonly receipts: CarrierReceipts,
    private readonly events: EventBus,
    private readonly guard: UrlGuard,
  ) {}

  /** Whether this process holds SMPP sessions (worker role). */
  get holdsSessions(): boolean {
    return this.config.has('worker');
  }

  async onApplicationBootstrap(): Promise<void> {
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), 5000);
    this.heartbeatTimer.unref();
    if (!this.holdsSessions) return;
    await this.sync().catch((error: unknown) => this.logger.error({ err: error }, 'carrier sync failed'));
    this.syncTimer = setInterval(() => void this.refresh(), this.config.CARRIER_SYNC_INTERVAL_MS);
    this.syncTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.syncTimer);
    clearInterval(this.heartbeatTimer);
    for (const pending of this.inbound.values()) clearTimeout(pending.timer);
    await this.syncing?.catch(() => undefined);
    await Promise.all([...this.links.keys()].map((id) => this.drop(id)));
  }

  /** State changes of this process's SMPP links (tests, logs). */
  onStateChange(listener: StateListener): void {
    this.listeners.push(listener);
  }

  /** This process's link to the carrier, if it holds one: its state and counters. */
  localLink(carrierId: string): { state: LinkState; counters: CarrierCounters; rate: number } | undefined {
    const held = this.links.get(carrierId);
    return held && { state: held.link.currentState, counters: { ...held.link.counters }, rate: held.link.currentRate };
  }

  /** Re-reads the carriers now (after a change in this process); other processes catch up on their timer. */
  async refresh(): Promise<void> {
    if (!this.holdsSessions || this.stopped) return;
    if (this.syncing) {
      this.resync = true;
      return this.syncing;
    }
    await this.sync().catch((error: unknown) => this.logger.error({ err: error }, 'carrier sync failed'));
  }

  private sync(): Promise<void> {
    this.syncing = (async () => {
      do {
        this.resync = false;
        const rows = await this.repo.enabledSmppAcrossAccounts();
        const wanted = new Map(rows.map((r) => [r.id, r]));
        for (const [id, held] of this.links) {
          const row = wanted.get(id);
          if (!row || row.updated_at.getTime() !== held.updatedAt) await this.drop(id);
        }
        for (const row of rows) if (!this.links.has(row.id) && !this.stopped) await this.hold(row);
      } while (this.resync && !this.stopped);
    })().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async hold(row: CarrierRow): Promise<void> {
    const config = row.config as unknown as SmppConfig;
    const password = row.secret_encrypted ? await this.secrets.open(row.secret_encrypted) : '';
    const carrierId = row.id;
    const held: HeldLink = {
      accountId: row.account_id,
      updatedAt: row.updated_at.getTime(),
      config,
      since: new Date().toISOString(),
      link: new SmppLink(
        {
          port: config.port,
          systemId: config.systemId,
          password,
          systemType: config.systemType,
          bindMode: config.bindMode,
          tps: config.tps,
          windowSize: config.windowSize,
          enquireLinkSeconds: config.enquireLinkSeconds,
        },
        {
          reconnectBaseMs: this.config.CARRIER_RECONNECT_BASE_MS,
          reconnectMaxMs: this.config.CARRIER_RECONNECT_MAX_MS,
          responseTimeoutMs: this.config.CARRIER_RESPONSE_TIMEOUT_MS,
          throttleSlowdownMs: 10_000,
        },
        {
          target: () => this.target(carrierId, config),
          state: (state, detail) => {
            held.since = new Date().toISOString();
            this.logger.log({ carrierId, state, detail }, 'carrier link state');
            for (const l of this.listeners) l(carrierId, state, detail);
            void this.publishLink(carrierId);
          },
          deliverSm: (pdu) => this.fromCarrier(carrierId, held, pdu),
          log: (level, message, extra) => this.logger[level]({ carrierId, ...extra }, message),
        },
      ),
    };
    this.links.set(carrierId, held);
    held.link.start();
    await this.publishLink(carrierId);
  }

  /**
   * The address an SMPP link dials, asked before each attempt: the host resolved now and checked by
   * the same SSRF rule as webhooks (no private or loopback address unless WEBHOOK_ALLOW_HOSTS allows
   * it). Resolving once and dialling the name later would let DNS answer differently the second
   * time (rebinding); the link dials the address checked here. Refusals carry a fixed text.
   */
  private async target(carrierId: string, config: SmppConfig): Promise<string> {
    try {
      const vetted = await this.guard.vet(
        `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}/`,
      );
      return vetted.addresses[0].address;
    } catch (error) {
      if (error instanceof WebhookUrlForbidden) {
        this.logger.warn({ carrierId }, 'SMPP host refused by the address check');
        throw new LinkTargetRefused(
          'the host resolves to an address carriers may not reach (private, loopback or reserved; see WEBHOOK_ALLOW_HOSTS)',
        );
      }
      throw new LinkTargetRefused('host did not resolve');
    }
  }

  private async drop(carrierId: string): Promise<void> {
    const held = this.links.get(carrierId);
    if (!held) return;
    this.links.delete(carrierId);
    await held.link.stop();
    await this.state.remove(carrierId).catch(() => undefined);
  }

  private snapshot(held: HeldLink): ChannelSnapshot {
    return {
      state: held.link.currentState,
      detail: held.link.lastError,
      since: held.since,
      counters: { ...held.link.counters },
    };
  }

  private async publish(carrierId: string, snapshot: ChannelSnapshot): Promise<void> {
    await this.state.write(carrierId, snapshot).catch((error: unknown) => {
      this.logger.warn({ carrierId, err: error }, 'could not record carrier state');
    });
  }

  private async publishLink(carrierId: string): Promise<void> {
    const held = this.links.get(carrierId);
    if (held) await this.publish(carrierId, this.snapshot(held));
  }

  private async heartbeat(): Promise<void> {
    for (const id of this.links.keys()) await this.publishLink(id);
    for (const [id, h] of this.httpCounters) {
      await this.publish(id, {
        state: h.down ? 'down' : 'bound',
        detail: h.down,
        since: h.since,
        counters: h.counters,
      });
    }
  }

  // Outbound

  async deliver(carrierId: string, payload: CarrierPayload): Promise<CarrierDeliveryOutcome> {
    const row = await this.repo.findByIdAcrossAccounts(carrierId);
    if (!row || (payload.accountId !== undefined && row.account_id !== payload.accountId)) {
      return { accepted: false, code: 'CARRIER_NOT_FOUND', permanent: false };
    }
    if (!row.enabled) return { accepted: false, code: 'CARRIER_DISABLED', permanent: false };
    switch (row.kind) {
      case 'smpp':
        return this.deliverSmpp(row, payload);
      case 'http':
        return this.deliverHttp(row, payload);
    }
  }

  private async deliverSmpp(row: CarrierRow, payload: CarrierPayload): Promise<CarrierDeliveryOutcome> {
    const held = this.links.get(row.id);
    if (!held) return { accepted: false, code: 'CARRIER_NOT_CONNECTED', permanent: false };
    const { config } = held;
    const from = payload.from || config.sourceAddr;
    if (!from) return { accepted: false, code: 'CARRIER_NO_SENDER', permanent: true };
    const source = sourceAddress(from, config);
    const deadline = Date.now() + this.config.CARRIER_SUBMIT_TIMEOUT_MS;
    const parts = splitForSmpp(payload.body, config.concatenation);
    const ids: PartId[] = [];
    // Parts go one after another: a refused part stops the rest, which the recipient could not read alone.
    for (const [i, part] of parts.entries()) {
      const result = await held.link.submit(
        {
          source_addr_ton: source.ton,
          source_addr_npi: source.npi,
          source_addr: source.addr,
          dest_addr_ton: config.destTon,
          dest_addr_npi: config.destNpi,
          destination_addr: payload.to.replace(/^\+/, ''),
          esm_class: part.esmClass,
          registered_delivery: config.registeredDelivery ? 1 : 0,
          data_coding: part.dataCoding,
          short_message: part.shortMessage,
          ...(part.sar ?? {}),
        },
        deadline,
      );
      if (!result.ok) {
        this.logger.warn(
          { carrierId: row.id, messageId: payload.messageId, part: i, code: result.code },
          'carrier refused a part',
        );
        return { accepted: false, code: result.code, permanent: result.permanent };
      }
      ids.push({ carrierMessageId: result.messageId, part: i });
    }
    await this.repo.recordParts(row.account_id, row.id, payload.messageId, ids);
    return { accepted: true, carrierMessageIds: ids.map((p) => p.carrierMessageId) };
  }

  private httpEntry(carrierId: string) {
    let entry = this.httpCounters.get(carrierId);
    if (!entry) {
      entry = { counters: { ...ZERO_COUNTERS }, down: null, since: new Date().toISOString() };
      this.httpCounters.set(carrierId, entry);
    }
    return entry;
  }

  private async deliverHttp(row: CarrierRow, payload: CarrierPayload): Promise<CarrierDeliveryOutcome> {
    const config = row.config as unknown as HttpConfig;
    const values: TemplateValues = {
      to: payload.to,
      from: payload.from ?? '',
      body: payload.body,
      messageId: payload.messageId,
    };
    let target;
    try {
      target = await this.guard.vet(renderUrl(config.url, values));
    } catch (error) {
      const permanent = error instanceof WebhookUrlForbidden && error.permanent;
      return {
        accepted: false,
        code: error instanceof WebhookUrlForbidden ? 'HTTP_URL_FORBIDDEN' : 'HTTP_UNRESOLVABLE',
        permanent,
      };
    }
    const headers: Record<string, string> = { ...config.headers };
    const secret = row.secret_encrypted ? await this.secrets.open(row.secret_encrypted) : undefined;
    if (config.auth === 'basic' && secret !== undefined) {
      headers.authorization = `Basic ${Buffer.from(`${config.username ?? ''}:${secret}`).toString('base64')}`;
    } else if (config.auth === 'bearer' && secret !== undefined) {
      headers.authorization = `Bearer ${secret}`;
    }
    let body: string | undefined;
    if (config.method === 'POST') {
      body = config.bodyTemplate !== null ? renderJsonBody(config.bodyTemplate, values) : JSON.stringify(values);
      headers['content-type'] ??= 'application/json';
    }
    const answer = await carrierRequest(target, config.method, headers, body, config.timeoutMs);
    const entry = this.httpEntry(row.id);
    const mark = (down: string | null) => {
      if ((entry.down === null) !== (down === null)) entry.since = new Date().toISOString();
      entry.down = down;
    };
    if (!answer.ok) {
      entry.counters.rejected += 1;
      mark(answer.detail);
      void this.publish(row.id, { state: 'down', detail: answer.detail, since: entry.since, counters: entry.counters });
      return { accepted: false, code: answer.code, permanent: false };
    }
    const outcome = mapHttpResponse(answer.status, answer.body, config);
    mark(!outcome.accepted && !outcome.permanent ? `HTTP ${answer.status}` : null);
    if (!outcome.accepted) {
      entry.counters.rejected += 1;
      void this.publish(row.id, {
        state: entry.down ? 'down' : 'bound',
        detail: entry.down,
        since: entry.since,
        counters: entry.counters,
      });
      return outcome;
    }
    entry.counters.submitted += 1;
    void this.publish(row.id, { state: 'bound', detail: null, since: entry.since, counters: entry.counters });
    const ids = outcome.carrierMessageId ? [{ carrierMessageId: outcome.carrierMessageId, part: 0 }] : [];
    await this.repo.recordParts(row.account_id, row.id, payload.messageId, ids);
    return { accepted: true, carrierMessageIds: ids.map((p) => p.carrierMessageId) };
  }

  /** An HTTP carrier's DLR callback was applied: count it. */
  countReceipt(carrierId: string): void {
    this.httpEntry(carrierId).counters.receipts += 1;
  }

  // Inbound: deliver_sm (receipts and SMS), answered with the returned command_status.

  private async fromCarrier(carrierId: string, held: HeldLink, pdu: PDU): Promise<number> {
    const esmClass = Number(pdu.esm_class ?? 0);
    const dataCoding = Number(pdu.data_coding ?? 0);
    const decoded = decodeShortMessage(pdu.short_message ?? pdu.message_payload, dataCoding, esmClass);
    if (isReceipt(esmClass)) {
      held.link.counters.receipts += 1;
      const receipt = readReceipt({
        text: decoded.text,
        receiptedMessageId: pdu.receipted_message_id,
        messageState: pdu.message_state,
        networkErrorCode: pdu.network_error_code,
      });
      if (!receipt?.id || !receipt.stat) {
        this.logger.warn({ carrierId }, 'receipt without a message id or state');
        return 0;
      }
      const outcome = mapReceiptState(receipt.stat, receipt.err);
      if (!outcome) return 0; // an intermediate notification (ENROUTE, ACCEPTD)
      await this.receipts.apply(held.accountId, carrierId, receipt.id, outcome, new Date());
      return 0;
    }
    held.link.counters.inbound += 1;
    const from = this.inboundAddress(text(pdu.source_addr), Number(pdu.source_addr_ton ?? 0));
    const to = this.inboundAddress(text(pdu.destination_addr), Number(pdu.dest_addr_ton ?? 0));
    let body = decoded.text;
    if (decoded.concat && decoded.concat.total > 1) {
      const assembled = this.assemble(`${carrierId}:${from}:${decoded.concat.ref}`, decoded.concat, body);
      if (assembled === undefined) return 0;
      body = assembled;
    }
    const result = await this.events.request('channel.inbound', {
      accountId: held.accountId,
      from,
      to,
      body,
      receivedAt: new Date(),
    });
    return result.ok ? 0 : 0x64; // ESME_RX_T_APPN: the SMSC tries again later
  }

  private inboundAddress(addr: string, ton: number): string {
    return ton === 1 && /^\d{1,15}$/.test(addr) ? `+${addr}` : addr;
  }

  /** Keeps the parts of a concatenated SMS until all are in; undefined until then. Parts missing after 5 minutes are dropped. */
  private assemble(key: string, concat: { total: number; seq: number }, text: string): string | undefined {
    let pending = this.inbound.get(key);
    if (!pending) {
      pending = {
        parts: new Map(),
        total: concat.total,
        timer: setTimeout(() => this.inbound.delete(key), INBOUND_ASSEMBLY_MS),
      };
      pending.timer.unref();
      this.inbound.set(key, pending);
    }
    pending.parts.set(concat.seq, text);
    if (pending.parts.size < pending.total) return undefined;
    clearTimeout(pending.timer);
    this.inbound.delete(key);
    return [...pending.parts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, t]) => t)
      .join('');
  }
}
