import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written (carriers were being built at the same time): the routing rules as RouteEntity
 * describes them, with TypeORM's own constraint names so the schema stays in step with the entity.
 * `routes_account_default_key` is partial: at most one default route per account.
 */
export class Routes1795700007000 implements MigrationInterface {
  name = 'Routes1795700007000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "routes" (
                "id" uuid NOT NULL,
                "account_id" uuid NOT NULL,
                "name" text NOT NULL,
                "position" integer NOT NULL,
                "match" jsonb NOT NULL DEFAULT '{}',
                "strategy" text NOT NULL,
                "targets" jsonb NOT NULL,
                "is_default" boolean NOT NULL DEFAULT false,
                "enabled" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_76100511cdfa1d013c859f01d8b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "routes_account_position_idx" ON "routes" ("account_id", "position", "id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "routes_account_default_key" ON "routes" ("account_id") WHERE is_default
        `);
    await queryRunner.query(`
            ALTER TABLE "routes"
            ADD CONSTRAINT "FK_7fad58922bbae3c4b259f9643f6" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "routes" DROP CONSTRAINT "FK_7fad58922bbae3c4b259f9643f6"`);
    await queryRunner.query(`DROP INDEX "public"."routes_account_default_key"`);
    await queryRunner.query(`DROP INDEX "public"."routes_account_position_idx"`);
    await queryRunner.query(`DROP TABLE "routes"`);
  }
}
