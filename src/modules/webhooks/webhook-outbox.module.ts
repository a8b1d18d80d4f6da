import { Module } from '@nestjs/common';
import { WebhookOutbox } from './webhook-outbox.js';
import { WebhookOutboxRepository } from './webhook-outbox.repository.js';

/**
 * The outbox alone, for modules that record events in their own transactions (suppression): a
 * static module, so importing it from several places never duplicates the device listener.
 */
@Module({ providers: [WebhookOutbox, WebhookOutboxRepository], exports: [WebhookOutbox] })
export class WebhookOutboxModule {}
