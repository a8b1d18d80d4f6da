import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { WebhookPayload } from './webhook-events.js';
import type { AccountId } from '@/common/account-id.js';

/**
 * The outbox's one statement: `webhook_enqueue` (src/database/sql/webhook-outbox.ts, the function
 * the message triggers call too) writes one delivery per enabled endpoint of the account that
 * takes the event, in the caller's transaction.
 */
@Injectable()
export class WebhookOutboxRepository {
  /** Answers how many deliveries were written. */
  async enqueue(accountId: AccountId, manager: EntityManager, payload: WebhookPayload): Promise<number> {
    const rows = await manager.query<{ n: number }[]>('SELECT webhook_enqueue($1, $2, $3::jsonb, NULL) AS n', [
      accountId,
      payload.type,
      JSON.stringify(payload),
    ]);
    return rows[0].n;
  }
}
