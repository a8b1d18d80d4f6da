import { Injectable, Logger } from '@nestjs/common';
import { AgentErrorCodes } from '@sms-gateway/android-agent/protocol';
import { EventBus } from '@/modules/events/event-bus.js';
import type { ReportResult } from '@/modules/events/events.js';
import { CarriersRepository } from './carriers.repository.js';
import type { ReceiptOutcome } from './receipts.js';
import type { AccountId } from '@/common/account-id.js';

/** A receipt may overtake the insert of its part's id (the SMSC answered and receipted at once). */
const MATCH_RETRIES = [100, 300, 600, 1000];

export type ReceiptResult = 'reported' | 'waiting' | 'unknown';

/**
 * Delivery receipts (SMPP deliver_sm, HTTP DLR callbacks) to status reports. A receipt names the
 * carrier's id of one part; carrier_message_ids says which message and hand-over it belongs to.
 * A message in several parts is `delivered` once every part's receipt says delivered; the first
 * part that ends otherwise (undelivered, expired, failed) decides at once, since the message as a
 * whole can no longer arrive. Reports go to the event bus (`channel.status`) like a phone's; the dispatch module
 * applies them forward only, so a late or repeated receipt changes nothing.
 */
@Injectable()
export class CarrierReceipts {
  private readonly logger = new Logger(CarrierReceipts.name);

  constructor(
    private readonly repo: CarriersRepository,
    private readonly events: EventBus,
  ) {}

  async apply(
    accountId: AccountId,
    carrierId: string,
    carrierMessageId: string,
    outcome: ReceiptOutcome,
    at: Date,
  ): Promise<ReceiptResult> {
    let part = await this.repo.markPart(
      accountId,
      carrierId,
      carrierMessageId,
      outcome.status,
      outcome.errorCode ?? null,
    );
    for (const delay of MATCH_RETRIES) {
      if (part) break;
      await new Promise((r) => setTimeout(r, delay));
      part = await this.repo.markPart(
        accountId,
        carrierId,
        carrierMessageId,
        outcome.status,
        outcome.errorCode ?? null,
      );
    }
    if (!part) {
      this.logger.warn({ carrierId, carrierMessageId }, 'receipt for a message id this carrier never gave');
      return 'unknown';
    }
    if (!part.latest) {
      this.logger.debug({ carrierId, messageId: part.message_id }, 'receipt for an earlier hand-over; ignored');
      return 'reported';
    }
    if (outcome.status === 'delivered' && part.parts > 1) {
      const states = await this.repo.submissionStates(part.account_id, part.submission_id);
      if (states.length < part.parts || states.some((s) => s !== 'delivered')) return 'waiting';
    }
    const result: ReportResult = await this.events.request('channel.status', {
      accountId: part.account_id,
      carrierId,
      messageId: part.message_id,
      status: outcome.status === 'expired' ? 'failed' : outcome.status,
      at,
      // The dispatch module reads `failed` + EXPIRED as the contract's `expired` (a phone says it so).
      errorCode: outcome.status === 'expired' ? AgentErrorCodes.EXPIRED : outcome.errorCode,
      ...(outcome.status === 'expired' && outcome.errorCode
        ? { errorMessage: `carrier error ${outcome.errorCode}` }
        : {}),
      ...(part.parts > 1 ? { parts: part.parts } : {}),
    });
    if (!result.ok)
      this.logger.debug({ carrierId, messageId: part.message_id, code: result.code }, 'receipt not applied');
    return 'reported';
  }
}
