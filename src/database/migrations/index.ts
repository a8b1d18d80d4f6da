import { Initial1795651515590 } from './1795651515590-Initial.js';

/** Migrations in order. Generated with `npm run migration:generate -- Name`, reviewed, then listed here. */
export const MIGRATIONS = [Initial1795651515590];
