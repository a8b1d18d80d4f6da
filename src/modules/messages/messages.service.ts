import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bull';
import { AgentErrorCodes } from '@sms-gateway/android-agent/protocol';
import { AppConfig } from '@/config/app-config.js';
import { newId } from '@/common/ids.js';
import { maskPhone } from '@/common/mask.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import {
  ChannelEvents,
  type InboundSms,
  type OutboxSnapshot,
  type Reconciliation,
  type ReportResult,
  type StatusReport,
} from '@/modules/channels/channel-events.js';
import { AgentConnections } from '@/modules/devices/agent-connections.js';
import { DevicesService } from '@/modules/devices/devices.service.js';
import { RoutingService } from '@/modules/routing/routing.service.js';
import type { SendMessageDto } from './dto/send-message.dto.js';
import { MessageEntity } from './entities/message.entity.js';
import { analyzeBody, normalizeRecipient } from './message-validation.js';
import { toMessageResource, type MessageResource } from './message.resource.js';
import { isTerminal } from './message-status.js';
import { InvalidSchedule, MessageNotFound, MetadataTooLarge } from './messages.errors.js';
import { MessagesRepository } from './messages.repository.js';
import { DispatchJob, QueueName, type DispatchJobData } from './queues.js';

export const DEFAULT_TTL_SECONDS = 24 * 3600;
export const MIN_TTL_SECONDS = 60;
export const MAX_TTL_SECONDS = 7 * 24 * 3600;
export const MAX_METADATA_BYTES = 4096;

/** Errors a phone reports that no retry can fix. */
const PERMANENT_DEVICE_CODES = new Set<string>([
  AgentErrorCodes.INVALID_DESTINATION,
  AgentErrorCodes.INVALID_PAYLOAD,
  AgentErrorCodes.NO_SUCH_SIM,
]);

export type DispatchOutcome = 'sending' | 'skipped' | 'expired' | 'failed' | 'retry';

export class RetryableDispatchError extends Error {
  constructor(readonly code: string) {
    super(`dispatch will be retried: ${code}`);
    this.name = 'RetryableDispatchError';
  }
}

/** The messages module's behaviour: the REST controller, GraphQL resolver and processor are shells over it. */
@Injectable()
export class MessagesService implements OnModuleInit {
  private readonly logger = new Logger(MessagesService.name);

  constructor(
    private readonly repo: MessagesRepository,
    private readonly config: AppConfig,
    private readonly channel: ChannelEvents,
    private readonly routing: RoutingService,
    private readonly connections: AgentConnections,
    private readonly devices: DevicesService,
    @InjectQueue(QueueName.Dispatch) private readonly queue: Queue<DispatchJobData[DispatchJob.Send]>,
  ) {}

  onModuleInit(): void {
    this.channel.handleStatus((report) => this.applyStatus(report));
    this.channel.handleInbound((sms) => this.receive(sms));
    this.channel.handleReconcile((snapshot) => this.reconcile(snapshot));
  }

  /** Validates, commits the row and its `queued` event, then enqueues (DESIGN.md §2: a 202 means committed). */
  async send(account: AccountRef, dto: SendMessageDto): Promise<MessageResource> {
    const to = normalizeRecipient(dto.to);
    const { segments, encoding } = analyzeBody(dto.body);
    const ttl = dto.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    if (ttl < MIN_TTL_SECONDS || ttl > MAX_TTL_SECONDS) {
      throw new InvalidSchedule(`ttlSeconds must be between ${MIN_TTL_SECONDS} and ${MAX_TTL_SECONDS}`);
    }
    if (dto.metadata !== undefined && Buffer.byteLength(JSON.stringify(dto.metadata)) > MAX_METADATA_BYTES) {
      throw new MetadataTooLarge(MAX_METADATA_BYTES);
    }
    if (dto.deviceId) await this.devices.get(account, dto.deviceId);

    const now = new Date();
    const message = Object.assign(new MessageEntity(), {
      id: newId(),
      accountId: account.accountId,
      to,
      from: dto.from ?? null,
      body: dto.body,
      status: 'queued',
      errorCode: null,
      errorMessage: null,
      segments,
      encoding,
      priority: dto.priority ?? 'normal',
      deviceId: null,
      requestedDeviceId: dto.deviceId ?? null,
      carrierId: null,
      simSlot: dto.simSlot ?? null,
      attempts: 0,
      sendAt: null,
      expiresAt: new Date(now.getTime() + ttl * 1000),
      createdAt: now,
      updatedAt: now,
      sentAt: null,
      deliveredAt: null,
      metadata: dto.metadata ?? null,
    } satisfies MessageEntity);
    await this.repo.insertQueued(account.accountId, message);
    await this.enqueue(message);
    this.logger.debug({ messageId: message.id, to: maskPhone(to), segments }, 'message accepted');
    return toMessageResource(message);
  }

  async get(account: AccountRef, id: string, withEvents = true): Promise<MessageResource> {
    const message = await this.repo.find(account.accountId, id);
    if (!message) throw new MessageNotFound();
    return toMessageResource(message, withEvents ? await this.repo.events(account.accountId, id) : undefined);
  }

  private async enqueue(message: MessageEntity): Promise<void> {
    // The job id is the message id, so a second enqueue of the same message is a no-op.
    await this.queue.add(
      DispatchJob.Send,
      { messageId: message.id, accountId: message.accountId },
      {
        jobId: message.id,
        priority: message.priority === 'high' ? 1 : 10,
        attempts: this.config.DISPATCH_MAX_ATTEMPTS,
        backoff: { type: 'exponential', delay: this.config.DISPATCH_BACKOFF_MS },
        removeOnComplete: true,
        removeOnFail: 10_000,
      },
    );
  }

  /**
   * One dispatch attempt: route, assign, hand to the phone, record `sending`. Throws
   * RetryableDispatchError while attempts remain; on the last one the message becomes `failed`.
   */
  async dispatch(
    data: DispatchJobData[DispatchJob.Send],
    attempt: { made: number; max: number },
  ): Promise<DispatchOutcome> {
    const { accountId, messageId } = data;
    const message = await this.repo.find(accountId, messageId);
    if (!message || (message.status !== 'queued' && message.status !== 'sending')) return 'skipped';
    if (message.expiresAt.getTime() <= Date.now()) {
      await this.repo.transition(accountId, messageId, {
        next: 'expired',
        at: new Date(),
        source: 'dispatcher',
        errorCode: 'EXPIRED',
      });
      return 'expired';
    }
    const lastAttempt = attempt.made + 1 >= attempt.max;
    const retryOrFail = async (code: string, detail: string): Promise<DispatchOutcome> => {
      if (!lastAttempt) throw new RetryableDispatchError(code);
      await this.repo.transition(accountId, messageId, {
        next: 'failed',
        at: new Date(),
        source: 'dispatcher',
        errorCode: code,
        errorMessage: detail,
      });
      return 'failed';
    };

    const route = this.routing.route({ accountId, deviceId: message.requestedDeviceId });
    if (route.kind === 'none') return retryOrFail(route.reason, 'No phone of the account was online');

    const attempts = await this.repo.assign(accountId, messageId, route.deviceId, new Date());
    if (attempts === undefined) return 'skipped';
    const ack = await this.connections.deliver(
      route.deviceId,
      {
        id: message.id,
        to: message.to,
        body: message.body,
        ...(message.simSlot !== null ? { simSlot: message.simSlot } : {}),
        expiresAt: message.expiresAt.toISOString(),
        attempt: attempts,
      },
      this.config.DISPATCH_ACK_TIMEOUT_MS,
    );
    if (ack.accepted) return 'sending';
    if (ack.code === AgentErrorCodes.EXPIRED) {
      await this.repo.transition(accountId, messageId, {
        next: 'expired',
        at: new Date(),
        source: 'device',
        errorCode: 'EXPIRED',
      });
      return 'expired';
    }
    if (PERMANENT_DEVICE_CODES.has(ack.code)) {
      await this.repo.transition(accountId, messageId, {
        next: 'failed',
        at: new Date(),
        source: 'device',
        deviceId: route.deviceId,
        errorCode: ack.code,
        errorMessage: 'The phone refused the message',
      });
      return 'failed';
    }
    return retryOrFail(ack.code, 'The phone did not take the message');
  }

  /** A phone's (or later a carrier's) status report: applied once, forward only, acked either way. */
  async applyStatus(report: StatusReport): Promise<ReportResult> {
    // The protocol has no `expired` report: a phone that held a message past its TTL says
    // `failed` with EXPIRED, which is the contract's `expired` status.
    const next = report.status === 'failed' && report.errorCode === AgentErrorCodes.EXPIRED ? 'expired' : report.status;
    const changed = await this.repo.transition(report.accountId, report.messageId, {
      next,
      at: report.at,
      source: report.carrierId ? 'carrier' : 'device',
      deviceId: report.deviceId,
      carrierId: report.carrierId,
      errorCode: report.errorCode,
      errorMessage: report.errorMessage,
      requireDeviceId: report.deviceId,
    });
    if (changed) return { ok: true };
    // Nothing moved: a duplicate or late report for a message this device holds is fine (ack it so
    // the phone stops retrying); a report for a message it was never given is refused.
    if (report.deviceId && (await this.repo.isAssignedTo(report.accountId, report.messageId, report.deviceId))) {
      return { ok: true };
    }
    this.logger.warn(
      { deviceId: report.deviceId, messageId: report.messageId },
      'status report for a message the device does not hold',
    );
    return { ok: false, code: 'NOT_FOUND' };
  }

  async receive(sms: InboundSms): Promise<ReportResult> {
    const stored = await this.repo.insertInbound(sms.accountId, {
      id: newId(),
      accountId: sms.accountId,
      deviceId: sms.deviceId ?? null,
      sourceId: sms.sourceId ?? null,
      simSlot: sms.simSlot ?? null,
      from: sms.from,
      to: sms.to ?? null,
      body: sms.body,
      receivedAt: sms.receivedAt,
      createdAt: new Date(),
    });
    if (stored) this.logger.log({ deviceId: sms.deviceId, from: maskPhone(sms.from) }, 'inbound SMS stored');
    return { ok: true };
  }

  /** On `hello`: which messages in the phone's outbox it should still send, and which to drop. */
  async reconcile(snapshot: OutboxSnapshot): Promise<Reconciliation> {
    const ids = snapshot.outbox.map((e) => e.id);
    const states = await this.repo.statesForDevice(snapshot.accountId, snapshot.deviceId, ids);
    const cancel: string[] = [];
    const resend: string[] = [];
    for (const entry of snapshot.outbox) {
      if (entry.state !== 'accepted') continue;
      const status = states.get(entry.id);
      if (status === undefined || isTerminal(status)) cancel.push(entry.id);
      else resend.push(entry.id);
    }
    return { cancel, resend };
  }
}
