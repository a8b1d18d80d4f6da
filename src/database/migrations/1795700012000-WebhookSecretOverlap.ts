import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A rotated webhook secret keeps signing beside the new one for a while (Standard Webhooks: several
 * space-separated signatures), so a receiver can switch secrets without dropping deliveries.
 */
export class WebhookSecretOverlap1795700012000 implements MigrationInterface {
    name = 'WebhookSecretOverlap1795700012000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "webhook_endpoints" ADD "previous_secret_encrypted" text`);
        await queryRunner.query(`ALTER TABLE "webhook_endpoints" ADD "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "webhook_endpoints" DROP COLUMN "previous_secret_expires_at"`);
        await queryRunner.query(`ALTER TABLE "webhook_endpoints" DROP COLUMN "previous_secret_encrypted"`);
    }
}
