import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { QueryLogger } from './query-logger.js';

/** One definition of the connection, shared by the app, the CLI (ormconfig.ts) and the tests. */
export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    // Failed queries without their parameters (query-logger.ts).
    logging: ['error', 'warn'],
    logger: new QueryLogger(),
    extra: { max: 20, application_name: 'sms-gateway' },
    ...extra,
  } as DataSourceOptions;
}
