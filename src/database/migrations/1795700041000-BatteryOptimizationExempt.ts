import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The phone's heartbeat says whether Android exempts the agent from battery optimisation (Doze
 * would otherwise pause it): kept with the battery and signal of the device, null when unknown.
 */
export class BatteryOptimizationExempt1795700041000 implements MigrationInterface {
    name = 'BatteryOptimizationExempt1795700041000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "devices" ADD "battery_optimization_exempt" boolean`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "devices" DROP COLUMN "battery_optimization_exempt"`);
    }
}
