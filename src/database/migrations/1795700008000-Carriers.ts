import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Hand-written (routing rules were being added at the same time): carrier connections and the
 * carrier message ids that delivery receipts are matched by, as CarrierEntity and
 * CarrierMessageIdEntity describe them, with TypeORM's own constraint names. The primary key of
 * carrier_message_ids is the (carrier, carrier's id) pair a receipt names.
 */
export class Carriers1795700008000 implements MigrationInterface {
    name = 'Carriers1795700008000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "carriers" (
                "id" uuid NOT NULL,
                "account_id" uuid NOT NULL,
                "name" text NOT NULL,
                "kind" text NOT NULL,
                "enabled" boolean NOT NULL DEFAULT true,
                "config" jsonb NOT NULL,
                "secret_encrypted" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_fe886e72b3d9f67da3ce70f4368" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "carriers_account_idx" ON "carriers" ("account_id", "created_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "carrier_message_ids" (
                "carrier_id" uuid NOT NULL,
                "carrier_message_id" text NOT NULL,
                "message_id" uuid NOT NULL,
                "account_id" uuid NOT NULL,
                "submission_id" uuid NOT NULL,
                "part" integer NOT NULL,
                "parts" integer NOT NULL,
                "status" text,
                "error_code" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_b325543704edacac055043b5b45" PRIMARY KEY ("carrier_id", "carrier_message_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "carrier_message_ids_submission_idx" ON "carrier_message_ids" ("submission_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "carriers"
            ADD CONSTRAINT "FK_7467b96aa951c54f49e3700a2b1" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "carrier_message_ids"
            ADD CONSTRAINT "FK_ac6df65f1c086fadb8373ed8070" FOREIGN KEY ("carrier_id") REFERENCES "carriers"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "carrier_message_ids"
            ADD CONSTRAINT "FK_8acb3a9f5826fb60dedbdbf0c45" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "carrier_message_ids" DROP CONSTRAINT "FK_8acb3a9f5826fb60dedbdbf0c45"
        `);
        await queryRunner.query(`
            ALTER TABLE "carrier_message_ids" DROP CONSTRAINT "FK_ac6df65f1c086fadb8373ed8070"
        `);
        await queryRunner.query(`
            ALTER TABLE "carriers" DROP CONSTRAINT "FK_7467b96aa951c54f49e3700a2b1"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."carrier_message_ids_submission_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "carrier_message_ids"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."carriers_account_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "carriers"
        `);
    }
}
