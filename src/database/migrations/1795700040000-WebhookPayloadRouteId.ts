import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CAMPAIGN_FIELDS, MESSAGE_PAYLOAD_FUNCTION, webhookPayloadFunction } from '../sql/webhook-outbox.js';

/**
 * The message webhook's `data` is the message resource of GET /v1/messages/{id}, every field (issue
 * 20): the payload function gains `routeId`, the one field it lacked, and is written out field by
 * field in the resource's order, in src/database/sql/webhook-outbox.ts (the payload's one source).
 */
export class WebhookPayloadRouteId1795700040000 implements MigrationInterface {
    name = 'WebhookPayloadRouteId1795700040000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(MESSAGE_PAYLOAD_FUNCTION);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(webhookPayloadFunction(CAMPAIGN_FIELDS));
    }
}
