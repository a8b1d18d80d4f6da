import { Module } from '@nestjs/common';
import { WebhookOutbox } from './webhook-outbox.js';

/**
 * The outbox alone, for modules that record events in their own transactions (suppression): a
 * static module, so importing it from several places never duplicates the device listener.
 */
@Module({ providers: [WebhookOutbox], exports: [WebhookOutbox] })
export class WebhookOutboxModule {}
