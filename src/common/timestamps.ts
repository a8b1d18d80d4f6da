import { registerDecorator, type ValidationOptions } from 'class-validator';
import { ValidationFailed } from './errors.js';

/**
 * ISO 8601 as list filters take it: a date (`2026-05-01`, midnight UTC) or a date-time with an
 * explicit offset (`Z`, `+02:00`, `+0200`). A date-time without an offset is refused rather than
 * read in the server's time zone.
 */
const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2})))?$/;

/**
 * The instant as UTC text with microseconds (`2026-05-01T10:00:00.123456Z`): exact to what
 * PostgreSQL stores (a JS Date would drop the microseconds), and texts of this one shape compare
 * in time order. Undefined when the value is not such a timestamp or not a real calendar time.
 */
export function canonicalTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ISO_TIMESTAMP.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', , sign, oh = '00', om = '00'] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  if (Number(oh) > 23 || Number(om) > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  // Setting the parts normalises overflow (Feb 30 → Mar 2); a mismatch means the value was not real.
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    date.getUTCHours() !== hour ||
    date.getUTCMinutes() !== minute ||
    date.getUTCSeconds() !== second
  ) {
    return undefined;
  }
  const offsetMinutes = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  const utc = new Date(date.getTime() - offsetMinutes * 60_000);
  const iso = utc.toISOString();
  // Outside years 0000–9999 toISOString changes shape (`+010000-…`) and the texts stop comparing in order.
  if (!/^\d{4}-/.test(iso)) return undefined;
  // Digits past the sixth are below PostgreSQL's precision: truncated.
  const micros = fraction.padEnd(6, '0').slice(0, 6);
  return `${iso.slice(0, 19)}.${micros}Z`;
}

/** The canonical timestamp, or VALIDATION_FAILED naming the field. */
export function parseTimestamp(value: string, field: string): string {
  const canonical = canonicalTimestamp(value);
  if (canonical === undefined) {
    throw new ValidationFailed([{ field, message: `${field} must be an ISO 8601 date or date-time with an offset` }]);
  }
  return canonical;
}

/** `since` and `until` as canonical timestamps; `since` after `until` is VALIDATION_FAILED naming `since`. */
export function parseTimeRange(since?: string, until?: string): { since?: string; until?: string } {
  const range = {
    since: since === undefined ? undefined : parseTimestamp(since, 'since'),
    until: until === undefined ? undefined : parseTimestamp(until, 'until'),
  };
  if (range.since !== undefined && range.until !== undefined && range.since > range.until) {
    throw new ValidationFailed([{ field: 'since', message: 'since must not be after until' }]);
  }
  return range;
}

/** class-validator rule for a filter timestamp, so the message names the caller's field. */
export function IsTimestamp(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isTimestamp',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: ({ property }) =>
          `${property} must be an ISO 8601 date or date-time with an offset, such as 2026-05-01T10:00:00Z`,
        ...options,
      },
      validator: { validate: (value: unknown) => canonicalTimestamp(value) !== undefined },
    });
  };
}
