import { MigrationInterface, QueryRunner } from "typeorm";

export class OAuthClients1795656829186 implements MigrationInterface {
    name = 'OAuthClients1795656829186'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "oauth_clients" (
                "id" uuid NOT NULL,
                "account_id" uuid NOT NULL,
                "name" text NOT NULL,
                "secret_hash" text NOT NULL,
                "scopes" text array NOT NULL,
                "created_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "secret_rotated_at" TIMESTAMP WITH TIME ZONE,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "last_used_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_c4759172d3431bae6f04e678e0d" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "oauth_clients_account_idx" ON "oauth_clients" ("account_id", "created_at")
        `);
        await queryRunner.query(`
            ALTER TABLE "oauth_clients"
            ADD CONSTRAINT "FK_fc2e62988e2684905b524c96820" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "oauth_clients" DROP CONSTRAINT "FK_fc2e62988e2684905b524c96820"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."oauth_clients_account_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "oauth_clients"
        `);
    }

}
