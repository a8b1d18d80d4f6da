import { Injectable } from '@nestjs/common';
import { HandlesRequest } from '@/modules/events/event-bus.js';
import type { StatusCount } from '@/modules/events/events.js';
import { MessageStatsRepository } from './message-stats.repository.js';

/**
 * The messages' metrics gauges, of all accounts, answered through the event bus: the observability
 * module sits below this one and cannot import it, and only this module reads its tables.
 */
@Injectable()
export class MessageGauges {
  constructor(private readonly stats: MessageStatsRepository) {}

  /** `messages.gauges`: messages by current status, and the rows in the dead-letter queue. */
  @HandlesRequest('messages.gauges')
  async gauges(): Promise<{ byStatus: StatusCount[]; deadLetters: number }> {
    const [byStatus, deadLetters] = await Promise.all([
      this.stats.countByStatusAcrossAccounts(),
      this.stats.countDeadLettersAcrossAccounts(),
    ]);
    return { byStatus, deadLetters };
  }
}
