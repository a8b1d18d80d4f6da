import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `Idempotency-Key` on `POST /v1/messages/batch` and GraphQL `sendMessages` (issue 19): a batch
 * makes many messages or none, so its key row names no single message; it keeps each item's
 * outcome (`results`: the message id of an accepted item, the problem of a refused one) for the
 * replay to answer the same results.
 */
export class BatchIdempotency1795700036000 implements MigrationInterface {
    name = 'BatchIdempotency1795700036000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "idempotency_keys" ALTER COLUMN "message_id" DROP NOT NULL`);
        await queryRunner.query(`ALTER TABLE "idempotency_keys" ADD "results" jsonb`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DELETE FROM "idempotency_keys" WHERE "message_id" IS NULL`);
        await queryRunner.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "results"`);
        await queryRunner.query(`ALTER TABLE "idempotency_keys" ALTER COLUMN "message_id" SET NOT NULL`);
    }
}
