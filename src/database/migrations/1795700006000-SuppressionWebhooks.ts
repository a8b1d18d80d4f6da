import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `suppression.added` (DESIGN.md §6) in the webhooks outbox, written by a trigger in the same
 * transaction as the suppression, whichever path adds it (API, STOP keyword). Imports are the
 * exception: a million-row CSV is one decision by the account, not a million events.
 */
export class SuppressionWebhooks1795700006000 implements MigrationInterface {
  name = 'SuppressionWebhooks1795700006000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE FUNCTION "webhook_outbox_suppression"() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$
            BEGIN
                IF NOT EXISTS (
                    SELECT 1 FROM webhook_endpoints e
                     WHERE e.account_id = NEW.account_id AND e.enabled AND e.events && ARRAY['suppression.added', '*']) THEN
                    RETURN NULL;
                END IF;
                PERFORM webhook_enqueue(NEW.account_id, 'suppression.added', jsonb_build_object(
                    'type', 'suppression.added',
                    'timestamp', webhook_iso(NEW.created_at),
                    'data', jsonb_build_object(
                        'phoneNumber', NEW.phone_number, 'reason', NEW.reason,
                        'sourceMessageId', NEW.source_message_id, 'createdAt', webhook_iso(NEW.created_at))),
                    NULL);
                RETURN NULL;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER "suppressions_webhook_outbox"
            AFTER INSERT ON "suppressions"
            FOR EACH ROW WHEN (NEW.reason <> 'import')
            EXECUTE FUNCTION "webhook_outbox_suppression"()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "suppressions_webhook_outbox" ON "suppressions"`);
    await queryRunner.query(`DROP FUNCTION "webhook_outbox_suppression"()`);
  }
}
