import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/app-config.js';
import { dataSourceOptions } from './src/database/data-source-options.js';

/** For the TypeORM CLI (`npm run migration:generate`, `migration:run`); the app builds its own from the same options. */
export default new DataSource(dataSourceOptions(loadConfig().DATABASE_URL));
