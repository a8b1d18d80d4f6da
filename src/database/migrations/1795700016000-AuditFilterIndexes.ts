import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log is filtered by actor ("what did this person do") and by object ("what happened to
 * this phone"): each gets its own index in page order, so a rare actor's or object's newest page is
 * an index seek instead of a walk backwards through the account's whole trail.
 */
export class AuditFilterIndexes1795700016000 implements MigrationInterface {
    name = 'AuditFilterIndexes1795700016000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "audit_events_account_actor_at_idx" ON "audit_events" ("account_id", "actor_id", "at", "id")`);
        await queryRunner.query(`CREATE INDEX "audit_events_account_target_at_idx" ON "audit_events" ("account_id", "target_id", "at", "id")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."audit_events_account_target_at_idx"`);
        await queryRunner.query(`DROP INDEX "public"."audit_events_account_actor_at_idx"`);
    }
}
