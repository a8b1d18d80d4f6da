import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The dashboard counts what an account sent per minute of the last hour, and per phone in the last minute. */
export class MessagesSentIndex1795700014000 implements MigrationInterface {
    name = 'MessagesSentIndex1795700014000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "messages_account_sent_idx" ON "messages" ("account_id", "sent_at") WHERE "sent_at" IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."messages_account_sent_idx"`);
    }
}
