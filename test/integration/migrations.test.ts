import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { dropDatabase, ensureDatabase } from '../../src/database/ensure-database.js';
import { migrate } from '../../src/database/migrate.js';
import { TEST_DATABASE_URL } from '../support/services.js';

describe('migrations', () => {
  const url = TEST_DATABASE_URL.replace(/\/[^/]*$/, `/smsgw_migrations_${randomBytes(4).toString('hex')}`);

  beforeAll(async () => {
    await dropDatabase(url);
  });
  afterAll(async () => {
    await dropDatabase(url);
  });

  it('creates the database when it is missing, then applies every migration once', async () => {
    const first = await migrate(url);
    expect(first.length).toBeGreaterThan(0);
    expect(await migrate(url)).toEqual([]);
    expect(await ensureDatabase(url)).toBe(false);
  });

  it('leaves nothing between the entities and the migrated schema (the migrations are complete)', async () => {
    const ds = new DataSource(dataSourceOptions(url));
    await ds.initialize();
    try {
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('reverts every migration with its down step and re-applies cleanly', async () => {
    const ds = new DataSource(dataSourceOptions(url));
    await ds.initialize();
    try {
      for (let i = 0; i < ds.migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      const tables: { n: string }[] = await ds.query(
        "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'",
      );
      expect(Number(tables[0].n)).toBe(0);
      const reapplied = await ds.runMigrations({ transaction: 'each' });
      expect(reapplied.length).toBe(ds.migrations.length);
    } finally {
      await ds.destroy();
    }
  });

  it('lets two processes migrate the same new database at once', async () => {
    const other = url.replace(/smsgw_migrations_/, 'smsgw_migrations_race_');
    try {
      const [a, b] = await Promise.all([migrate(other), migrate(other)]);
      expect([a.length, b.length].sort()).toEqual([0, a.length + b.length]);
    } finally {
      await dropDatabase(other);
    }
  });
});
