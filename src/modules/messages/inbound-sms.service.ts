import { Injectable, Logger } from '@nestjs/common';
import { newId } from '@/common/ids.js';
import { maskPhone } from '@/common/mask.js';
import { activeTraceparent } from '@/common/trace.js';
import { EventBus, HandlesRequest } from '@/modules/events/event-bus.js';
import type { InboundSms, ReportResult } from '@/modules/events/events.js';
import { SuppressionService } from '@/modules/suppression/suppression.service.js';
import { DestinationBlocked } from './destination-policy.js';
import { SendMessageDto } from './dto/send-message.dto.js';
import { prepareMessage } from './message-factory.js';
import { MessageIngestService } from './message-ingest.service.js';
import { IdempotencyKeyReused } from './messages.errors.js';
import { MessagesRepository } from './messages.repository.js';

/** SMS that phones and carriers receive (`channel.inbound`): stored once, keywords answered. */
@Injectable()
export class InboundSmsService {
  private readonly logger = new Logger(InboundSmsService.name);

  constructor(
    private readonly repo: MessagesRepository,
    private readonly events: EventBus,
    private readonly suppression: SuppressionService,
    private readonly ingest: MessageIngestService,
  ) {}

  @HandlesRequest('channel.inbound')
  async receive(sms: InboundSms): Promise<ReportResult> {
    const inboundId = newId();
    const stored = await this.repo.insertInbound(sms.accountId, {
      id: inboundId,
      accountId: sms.accountId,
      deviceId: sms.deviceId ?? null,
      sourceId: sms.sourceId ?? null,
      simSlot: sms.simSlot ?? null,
      from: sms.from,
      to: sms.to ?? null,
      body: sms.body,
      receivedAt: sms.receivedAt,
      createdAt: new Date(),
      traceparent: activeTraceparent(),
    });
    if (stored) {
      this.logger.log({ deviceId: sms.deviceId, from: maskPhone(sms.from) }, 'inbound SMS stored');
      void this.events.emit('message.inbound', {
        accountId: sms.accountId,
        id: inboundId,
        from: sms.from,
        body: sms.body,
        deviceId: sms.deviceId ?? null,
        simSlot: sms.simSlot ?? null,
        receivedAt: sms.receivedAt,
      });
    }
    // A repeat of an SMS already stored (a phone resends until acked) runs the keyword step again,
    // under the stored id: the process that stored it may have died before answering. The step is
    // idempotent: the opt-out is an upsert and the reply's idempotency key is the inbound id.
    const id =
      stored || !sms.deviceId || !sms.sourceId
        ? inboundId
        : await this.repo.inboundIdBySource(sms.accountId, sms.deviceId, sms.sourceId);
    if (!id) return { ok: true };
    if (await this.answerKeyword(sms, id)) return { ok: true };
    // Not answered: a phone resends (its id keeps one row) and the step runs again. A carrier's SMS
    // has no such id, so a resend would store it twice: it is acknowledged, and the log says so.
    return sms.sourceId ? { ok: false, code: 'INTERNAL' } : { ok: true };
  }

  /**
   * STOP / START / HELP (DESIGN.md §7): the suppression module records the opt-out or opt-in and
   * says what to answer. The answer is a message like any other (its own row and statuses), sent by
   * the phone and SIM that received the keyword, once: its idempotency key is the inbound id's.
   * Answers false when it failed (logged), true when it is done or there was nothing to do.
   */
  private async answerKeyword(sms: InboundSms, inboundId: string): Promise<boolean> {
    try {
      const reply = await this.suppression.handleInbound({
        accountId: sms.accountId,
        inboundId,
        from: sms.from,
        body: sms.body,
      });
      if (!reply) return true;
      const dto = Object.assign(new SendMessageDto(), {
        to: reply.to,
        body: reply.body,
        ...(sms.deviceId !== undefined ? { deviceId: sms.deviceId } : {}),
        ...(sms.simSlot !== undefined ? { simSlot: sms.simSlot } : {}),
      });
      const message = prepareMessage(sms.accountId, dto, new Date());
      await this.ingest.accept(message, dto, `keyword-reply:${inboundId}`, { keywordReply: true });
      this.logger.log({ deviceId: sms.deviceId, keyword: reply.keyword, messageId: message.id }, 'keyword answered');
      return true;
    } catch (error) {
      // Answered already, with a text changed since: the first answer stands.
      if (error instanceof IdempotencyKeyReused) return true;
      // The keyword counts (the opt-out is recorded), but no answer goes to a premium-rate, denied or
      // not-allowed number: an auto-reply must not be a way to make the gateway text such numbers.
      if (error instanceof DestinationBlocked) {
        this.logger.warn(
          { deviceId: sms.deviceId, inboundId },
          'keyword not answered: the sender is a blocked destination',
        );
        return true;
      }
      this.logger.error({ err: error, deviceId: sms.deviceId }, 'keyword handling failed');
      return false;
    }
  }
}
