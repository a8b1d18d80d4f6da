import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';
import { ensureDatabase } from './ensure-database.js';

/** Creates the database if missing and applies pending migrations; returns the names applied. */
export async function migrate(url: string): Promise<string[]> {
  await ensureDatabase(url);
  const ds = new DataSource(dataSourceOptions(url, { extra: { max: 1 } }));
  await ds.initialize();
  try {
    // One connection (max: 1) holds a session lock, so processes starting together migrate one at a time.
    await ds.query('SELECT pg_advisory_lock(7245001)');
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
