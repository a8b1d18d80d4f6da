import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Threads per counterpart number (the console's Conversations). Statement-level triggers keep the
 * summary row as messages and inbound SMS are inserted, one upsert per statement and number, so a
 * batch of 1,000 sends costs one upsert per distinct recipient. Existing messages are folded in.
 * The inbound index lets a thread page through a number's SMS without scanning the account.
 */
export class Conversations1795700015000 implements MigrationInterface {
    name = 'Conversations1795700015000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "conversations" ("account_id" uuid NOT NULL, "number" text NOT NULL, "last_message_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_body" text NOT NULL, "last_direction" text NOT NULL, "unread" integer NOT NULL DEFAULT '0', "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_conversations" PRIMARY KEY ("account_id", "number"))`);
        await queryRunner.query(`CREATE INDEX "conversations_account_last_idx" ON "conversations" ("account_id", "last_message_at", "number") `);
        await queryRunner.query(`ALTER TABLE "conversations" ADD CONSTRAINT "FK_948676628b2911729a80645685d" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`CREATE INDEX "inbound_messages_account_from_received_idx" ON "inbound_messages" ("account_id", "from", "received_at", "id") `);
        await queryRunner.query(`
            CREATE FUNCTION conversations_after_messages() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO conversations (account_id, number, last_message_at, last_body, last_direction)
              SELECT DISTINCT ON (account_id, "to") account_id, "to", created_at, body, 'outbound'
                FROM new_rows ORDER BY account_id, "to", created_at DESC, id DESC
              ON CONFLICT (account_id, number) DO UPDATE
                SET last_message_at = EXCLUDED.last_message_at, last_body = EXCLUDED.last_body,
                    last_direction = EXCLUDED.last_direction
                WHERE conversations.last_message_at <= EXCLUDED.last_message_at;
              RETURN NULL;
            END $$`);
        await queryRunner.query(`
            CREATE TRIGGER messages_conversations AFTER INSERT ON messages
              REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION conversations_after_messages()`);
        await queryRunner.query(`
            CREATE FUNCTION conversations_after_inbound() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO conversations (account_id, number, last_message_at, last_body, last_direction, unread)
              SELECT account_id, "from", max(received_at),
                     (array_agg(body ORDER BY received_at DESC, id DESC))[1], 'inbound', count(*)
                FROM new_rows GROUP BY account_id, "from" ORDER BY account_id, "from"
              ON CONFLICT (account_id, number) DO UPDATE
                SET unread = conversations.unread + EXCLUDED.unread,
                    last_message_at = GREATEST(conversations.last_message_at, EXCLUDED.last_message_at),
                    last_body = CASE WHEN EXCLUDED.last_message_at >= conversations.last_message_at
                                     THEN EXCLUDED.last_body ELSE conversations.last_body END,
                    last_direction = CASE WHEN EXCLUDED.last_message_at >= conversations.last_message_at
                                          THEN 'inbound' ELSE conversations.last_direction END;
              RETURN NULL;
            END $$`);
        await queryRunner.query(`
            CREATE TRIGGER inbound_messages_conversations AFTER INSERT ON inbound_messages
              REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION conversations_after_inbound()`);
        // What was there before: every thread's latest message; earlier inbound SMS count as read.
        await queryRunner.query(`
            INSERT INTO conversations (account_id, number, last_message_at, last_body, last_direction)
            SELECT DISTINCT ON (account_id, number) account_id, number, at, body, direction FROM (
              SELECT account_id, "to" AS number, created_at AS at, body, 'outbound' AS direction, id FROM messages
              UNION ALL
              SELECT account_id, "from", received_at, body, 'inbound', id FROM inbound_messages
            ) t ORDER BY account_id, number, at DESC, id DESC`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER inbound_messages_conversations ON inbound_messages`);
        await queryRunner.query(`DROP FUNCTION conversations_after_inbound()`);
        await queryRunner.query(`DROP TRIGGER messages_conversations ON messages`);
        await queryRunner.query(`DROP FUNCTION conversations_after_messages()`);
        await queryRunner.query(`DROP INDEX "public"."inbound_messages_account_from_received_idx"`);
        await queryRunner.query(`ALTER TABLE "conversations" DROP CONSTRAINT "FK_948676628b2911729a80645685d"`);
        await queryRunner.query(`DROP INDEX "public"."conversations_account_last_idx"`);
        await queryRunner.query(`DROP TABLE "conversations"`);
    }
}
