import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Hand-written: the audit table as the entity describes it, plus what no entity can say: the
 * database itself refuses to change or remove audit rows (UPDATE, DELETE and TRUNCATE raise).
 */
export class Audit1795700000000 implements MigrationInterface {
    name = 'Audit1795700000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "audit_events" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "account_id" uuid NOT NULL,
                "actor_kind" text NOT NULL,
                "actor_id" text NOT NULL,
                "action" text NOT NULL,
                "target_type" text NOT NULL,
                "target_id" text NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "ip" text,
                "request_id" text,
                "diff" jsonb,
                CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "audit_events_account_at_idx" ON "audit_events" ("account_id", "at", "id")
        `);
        await queryRunner.query(`
            CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END
            $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER "audit_events_no_update_delete"
            BEFORE UPDATE OR DELETE ON "audit_events"
            FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"()
        `);
        await queryRunner.query(`
            CREATE TRIGGER "audit_events_no_truncate"
            BEFORE TRUNCATE ON "audit_events"
            FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"()
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TRIGGER "audit_events_no_truncate" ON "audit_events"
        `);
        await queryRunner.query(`
            DROP TRIGGER "audit_events_no_update_delete" ON "audit_events"
        `);
        await queryRunner.query(`
            DROP FUNCTION "audit_events_append_only"()
        `);
        await queryRunner.query(`
            DROP INDEX "public"."audit_events_account_at_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_events"
        `);
    }
}
