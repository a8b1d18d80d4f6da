import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The message events' webhook outbox trigger finds each new event's message by primary key, never
 * by reading the table. PL/pgSQL keeps a statement's plan for the life of the connection, and the
 * plan is made at its first run: on a new install that is while `messages` is nearly empty, when
 * hashing the whole table looks cheapest, and the connection kept that plan as the table grew. In
 * `npm run bench` every group of status reports then hashed all ~70,000 messages: 130 ms of a
 * 140 ms statement, and PostgreSQL the busiest process on the machine (issue 18). With sequential
 * scans and hash or merge joins off inside the trigger, its plan is the index probe at any size.
 */
export class WebhookOutboxPlan1795700035000 implements MigrationInterface {
    name = 'WebhookOutboxPlan1795700035000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(
            `ALTER FUNCTION "webhook_outbox_message_event"() SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off`,
        );
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER FUNCTION "webhook_outbox_message_event"() RESET ALL`);
    }
}
