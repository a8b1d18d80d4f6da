import { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1795652343797 implements MigrationInterface {
    name = 'Initial1795652343797'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "accounts" (
                "id" uuid NOT NULL,
                "name" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_5a7a02c20412299d198e097a8fe" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "users" (
                "id" uuid NOT NULL,
                "account_id" uuid NOT NULL,
                "email" text NOT NULL,
                "password_hash" text NOT NULL,
                "role" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "users_account_id_idx" ON "users" ("account_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "users_email_key" ON "users" ("email")
        `);
        await queryRunner.query(`
            CREATE TABLE "devices" (
                "id" uuid NOT NULL,
                "account_id" uuid NOT NULL,
                "name" text NOT NULL,
                "enabled" boolean NOT NULL DEFAULT true,
                "token_hash" text,
                "pairing_code_hash" text,
                "pairing_expires_at" TIMESTAMP WITH TIME ZONE,
                "paired_at" TIMESTAMP WITH TIME ZONE,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "last_seen_at" TIMESTAMP WITH TIME ZONE,
                "app_version" text,
                "sims" jsonb NOT NULL DEFAULT '[]',
                "device_info" jsonb NOT NULL DEFAULT '{}',
                "battery" smallint,
                "charging" boolean,
                "signal" smallint,
                "queue_depth" integer NOT NULL DEFAULT '0',
                "sim_policy" text NOT NULL DEFAULT 'first',
                "throttle" jsonb NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_b1514758245c12daf43486dd1f0" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "devices_account_id_idx" ON "devices" ("account_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "devices_pairing_code_hash_key" ON "devices" ("pairing_code_hash")
            WHERE pairing_code_hash IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "devices_token_hash_key" ON "devices" ("token_hash")
            WHERE token_hash IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE TABLE "inbound_messages" (
                "id" uuid NOT NULL,
                "account_id" uuid NOT NULL,
                "device_id" uuid,
                "source_id" text,
                "sim_slot" smallint,
                "from" text NOT NULL,
                "to" text,
                "body" text NOT NULL,
                "received_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_4f21d40ad47ab9702cb1ee64590" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "inbound_messages_device_source_key" ON "inbound_messages" ("device_id", "source_id")
            WHERE source_id IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "inbound_messages_account_received_idx" ON "inbound_messages" ("account_id", "received_at", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "messages" (
                "id" uuid NOT NULL,
                "account_id" uuid NOT NULL,
                "to" text NOT NULL,
                "from" text,
                "body" text NOT NULL,
                "status" text NOT NULL,
                "error_code" text,
                "error_message" text,
                "segments" smallint NOT NULL,
                "encoding" text NOT NULL,
                "priority" text NOT NULL DEFAULT 'normal',
                "device_id" uuid,
                "requested_device_id" uuid,
                "carrier_id" uuid,
                "sim_slot" smallint,
                "attempts" integer NOT NULL DEFAULT '0',
                "send_at" TIMESTAMP WITH TIME ZONE,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "sent_at" TIMESTAMP WITH TIME ZONE,
                "delivered_at" TIMESTAMP WITH TIME ZONE,
                "metadata" jsonb,
                CONSTRAINT "PK_18325f38ae6de43878487eff986" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "messages_status_idx" ON "messages" ("status", "created_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "messages_account_created_idx" ON "messages" ("account_id", "created_at", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "message_events" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "message_id" uuid NOT NULL,
                "account_id" uuid NOT NULL,
                "status" text NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "source" text NOT NULL,
                "attempt" integer NOT NULL DEFAULT '0',
                "device_id" uuid,
                "carrier_id" uuid,
                "error_code" text,
                "error_message" text,
                CONSTRAINT "PK_1ee7d4682c056e24ee0b00d1e3b" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "message_events_message_idx" ON "message_events" ("message_id", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "settings" (
                "key" text NOT NULL,
                "value" text NOT NULL,
                CONSTRAINT "PK_c8639b7626fa94ba8265628f214" PRIMARY KEY ("key")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "FK_17a709b8b6146c491e6615c29d7" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "devices"
            ADD CONSTRAINT "FK_e7aa725032eeed6eab997fff7e7" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "inbound_messages"
            ADD CONSTRAINT "FK_16d4de797b0597a5a5cde3cde75" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "messages"
            ADD CONSTRAINT "FK_d61d1bec4a104d044b6e5abd843" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "message_events"
            ADD CONSTRAINT "FK_f898c800595db4f3ce702e466bc" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "message_events" DROP CONSTRAINT "FK_f898c800595db4f3ce702e466bc"
        `);
        await queryRunner.query(`
            ALTER TABLE "messages" DROP CONSTRAINT "FK_d61d1bec4a104d044b6e5abd843"
        `);
        await queryRunner.query(`
            ALTER TABLE "inbound_messages" DROP CONSTRAINT "FK_16d4de797b0597a5a5cde3cde75"
        `);
        await queryRunner.query(`
            ALTER TABLE "devices" DROP CONSTRAINT "FK_e7aa725032eeed6eab997fff7e7"
        `);
        await queryRunner.query(`
            ALTER TABLE "users" DROP CONSTRAINT "FK_17a709b8b6146c491e6615c29d7"
        `);
        await queryRunner.query(`
            DROP TABLE "settings"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."message_events_message_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "message_events"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."messages_account_created_idx"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."messages_status_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "messages"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."inbound_messages_account_received_idx"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."inbound_messages_device_source_key"
        `);
        await queryRunner.query(`
            DROP TABLE "inbound_messages"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."devices_token_hash_key"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."devices_pairing_code_hash_key"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."devices_account_id_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "devices"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."users_email_key"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."users_account_id_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "users"
        `);
        await queryRunner.query(`
            DROP TABLE "accounts"
        `);
    }

}
