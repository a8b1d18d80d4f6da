import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A CSV import streams its numbers here, chunk by chunk in statements of their own, and moves them
 * into `suppressions` in one short transaction at the end: a slow upload holds no connection and no
 * transaction while its body arrives. Unlogged (a crash loses only unfinished imports, which are
 * refused anyway); rows an import could not clean up are swept after a day.
 */
export class SuppressionImportStaging1795700020000 implements MigrationInterface {
    name = 'SuppressionImportStaging1795700020000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE UNLOGGED TABLE "suppression_import_rows" ("import_id" uuid NOT NULL, "account_id" uuid NOT NULL, "phone_number" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now())`);
        await queryRunner.query(`CREATE INDEX "suppression_import_rows_import_idx" ON "suppression_import_rows" ("import_id")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "suppression_import_rows"`);
    }
}
