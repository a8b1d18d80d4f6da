import { v7 } from 'uuid';

/** Time-ordered UUIDs (v7) keep primary-key inserts at the right edge of the index. */
export function newId(): string {
  return v7();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** A bigint identity key as text (`audit_events.id`), small enough for PostgreSQL's bigint. */
export function isSerialId(value: unknown): value is string {
  return typeof value === 'string' && /^[1-9]\d{0,17}$/.test(value);
}
