import { Initial1795650934853 } from './1795650934853-Initial.js';

/** Migrations in order. Generated with `npm run migration:generate -- Name`, reviewed, then listed here. */
export const MIGRATIONS = [Initial1795650934853];
