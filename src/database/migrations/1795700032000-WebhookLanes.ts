import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook deliveries go out in lanes, one per endpoint (an account's per-message callbacks share the
 * account's lane), each with its own cap on requests in flight: the relay walks the lanes that have
 * pending deliveries (a skip scan over the first index) and counts what each lane and account has in
 * flight (the second, small because only claimed deliveries are in it).
 */
export class WebhookLanes1795700032000 implements MigrationInterface {
    name = 'WebhookLanes1795700032000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE INDEX "webhook_deliveries_lane_due_idx" ON "webhook_deliveries" ((COALESCE("endpoint_id", "account_id")), "next_attempt_at")
            WHERE status = 'pending'
        `);
        await queryRunner.query(`
            CREATE INDEX "webhook_deliveries_in_flight_idx" ON "webhook_deliveries" ("account_id", (COALESCE("endpoint_id", "account_id")))
            WHERE status = 'pending' AND enqueued_at IS NOT NULL
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."webhook_deliveries_in_flight_idx"`);
        await queryRunner.query(`DROP INDEX "public"."webhook_deliveries_lane_due_idx"`);
    }
}
