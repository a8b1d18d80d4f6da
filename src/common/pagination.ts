import { Transform } from 'class-transformer';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { ValidationFailed } from './errors.js';
import { isUuid } from './ids.js';

/**
 * Keyset pagination (DESIGN.md §3): lists run newest first on `(time, id) DESC` and a page starts
 * strictly after the last row of the previous one, so rows inserted meanwhile (always newer) never
 * shift or repeat later pages, and rows with the same time are split by id without a gap.
 */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/**
 * The position after which the next page starts. `t` is the row's timestamp exactly as PostgreSQL
 * stores it (microseconds, UTC): a JS Date would round it to milliseconds, and a cursor rounded
 * down would skip the rows between the rounded and the real time.
 */
export interface Cursor {
  t: string;
  id: string;
}

/** ISO 8601 in UTC with exactly six fractional digits: what `keysetTime()` produces. */
const CURSOR_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;

/** A cursor longer than this is not one of ours; refused before decoding. */
const MAX_CURSOR_LENGTH = 200;

/**
 * SQL that renders a timestamptz column as the cursor's `t`, independent of the session time zone.
 * `column` is SQL text and must be a trusted column reference, never input.
 */
export function keysetTime(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.t, id: cursor.id }), 'utf8').toString('base64url');
}

function isValidCursorTime(t: string): boolean {
  const m = CURSOR_TIME.exec(t);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  // A real calendar date and time, so PostgreSQL never gets a value it would refuse with an error.
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}

/** Tells whether a cursor's `id` is a key of the list's table (UUIDs by default). */
export type CursorIdCheck = (id: unknown) => id is string;

/** The cursor, or undefined when the value is not one this server produced. */
export function tryDecodeCursor(value: unknown, isId: CursorIdCheck = isUuid): Cursor | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_CURSOR_LENGTH) return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const { t, id, ...rest } = parsed as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return undefined;
  if (typeof t !== 'string' || !isValidCursorTime(t) || !isId(id)) return undefined;
  return { t, id: id.toLowerCase() };
}

export function decodeCursor(value: string, field = 'cursor', isId: CursorIdCheck = isUuid): Cursor {
  const cursor = tryDecodeCursor(value, isId);
  if (!cursor) throw new ValidationFailed([{ field, message: `${field} is not a cursor returned by this list` }]);
  return cursor;
}

/** The page size: the default when absent, VALIDATION_FAILED naming the field when out of range. */
export function resolveLimit(value: number | undefined, field = 'limit'): number {
  if (value === undefined) return DEFAULT_LIMIT;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT) {
    throw new ValidationFailed([{ field, message: `${field} must be an integer from 1 to ${MAX_LIMIT}` }]);
  }
  return value;
}

/** Validates that a value decodes as a cursor, so the error names the caller's field (`cursor`, `after`). */
export function IsCursor(options?: ValidationOptions, isId: CursorIdCheck = isUuid): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isCursor',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: ({ property }) => `${property} is not a cursor returned by this list`, ...options },
      validator: { validate: (value: unknown) => tryDecodeCursor(value, isId) !== undefined },
    });
  };
}

/**
 * A query-string integer: only plain digits count (`Number()` would also take `0x10`, `1e2` or
 * `" 5 "`); anything else becomes NaN and fails the field's `@IsInt()`.
 */
export const QueryInt = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? (/^\d{1,9}$/.test(value) ? Number(value) : NaN) : value,
  );

/** One page of a list as the service returns it: each item with its own cursor. */
export interface Page<T> {
  items: { cursor: string; node: T }[];
  nextCursor: string | null;
}

/**
 * Cuts the `limit + 1` rows a query fetched into a page: the extra row only says that there is a
 * next page, whose cursor is the last row shown.
 */
export function toPage<R, T>(rows: R[], limit: number, key: (row: R) => Cursor, node: (row: R) => T): Page<T> {
  const shown = rows.slice(0, limit);
  const items = shown.map((row) => ({ cursor: encodeCursor(key(row)), node: node(row) }));
  const nextCursor = rows.length > limit && items.length > 0 ? items[items.length - 1].cursor : null;
  return { items, nextCursor };
}

/**
 * What a keyset query reads for one page of `limit` items: the rows after the caller's cursor (from
 * the first when there is none), one more than the page shows, so that toPage can tell whether
 * there is a next page. A cursor this server did not produce is VALIDATION_FAILED naming `cursor`.
 */
export function pageWindow(
  limit: number,
  cursor: string | null | undefined,
  isId?: CursorIdCheck,
): { after: Cursor | undefined; limit: number } {
  return {
    after: cursor === null || cursor === undefined ? undefined : decodeCursor(cursor, 'cursor', isId),
    limit: limit + 1,
  };
}

/** toPage for the usual rows of a list query, `{row, t}`, whose cursor is `t` and the row's id. */
export function toRowPage<R extends { id: string }, T>(
  rows: { row: R; t: string }[],
  limit: number,
  node: (row: R) => T,
): Page<T> {
  return toPage(
    rows,
    limit,
    (r) => ({ t: r.t, id: r.row.id }),
    (r) => node(r.row),
  );
}

/** The REST list shape (DESIGN.md §3). */
export function toListResponse<T>(page: Page<T>): { data: T[]; nextCursor: string | null } {
  return { data: page.items.map((i) => i.node), nextCursor: page.nextCursor };
}

/** The GraphQL Relay connection shape. */
export function toConnection<T>(page: Page<T>): {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
} {
  const last = page.items[page.items.length - 1];
  return {
    edges: page.items,
    pageInfo: { hasNextPage: page.nextCursor !== null, endCursor: last ? last.cursor : null },
  };
}
