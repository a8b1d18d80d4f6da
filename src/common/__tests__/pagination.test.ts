import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { isSerialId } from '../ids.js';
import {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  decodeCursor,
  encodeCursor,
  resolveLimit,
  toConnection,
  toListResponse,
  toPage,
  tryDecodeCursor,
} from '../pagination.js';

const id = '01970000-0000-7000-8000-000000000001';

function fieldOf(fn: () => unknown): { code: string; fields: string[] } {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, fields: (error.errors ?? []).map((e) => e.field) };
    throw error;
  }
  throw new Error('expected an error');
}

describe('cursors', () => {
  it('round-trips the exact microsecond time and the id', () => {
    const cursor = { t: '2026-05-01T10:00:00.123456Z', id };
    const encoded = encodeCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(encoded)).toEqual(cursor);
  });

  it('is base64url of {t, id}, so it survives a query string unencoded', () => {
    const encoded = encodeCursor({ t: '2026-05-01T10:00:00.000000Z', id });
    expect(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'))).toEqual({
      t: '2026-05-01T10:00:00.000000Z',
      id,
    });
    expect(encoded).not.toMatch(/[+/=]/);
  });

  it.each([
    ['an empty string', ''],
    ['not base64url', 'abc+/=='],
    ['base64 of something that is not JSON', Buffer.from('hello').toString('base64url')],
    ['a JSON array', Buffer.from('[1,2]').toString('base64url')],
    ['a missing id', Buffer.from(JSON.stringify({ t: '2026-05-01T10:00:00.000000Z' })).toString('base64url')],
    [
      'an id that is not a UUID',
      Buffer.from(JSON.stringify({ t: '2026-05-01T10:00:00.000000Z', id: "1' OR 1=1" })).toString('base64url'),
    ],
    ['a millisecond time', Buffer.from(JSON.stringify({ t: '2026-05-01T10:00:00.000Z', id })).toString('base64url')],
    [
      'a date that does not exist',
      Buffer.from(JSON.stringify({ t: '2026-02-30T10:00:00.000000Z', id })).toString('base64url'),
    ],
    ['an hour 24', Buffer.from(JSON.stringify({ t: '2026-05-01T24:00:00.000000Z', id })).toString('base64url')],
    ['extra keys', Buffer.from(JSON.stringify({ t: '2026-05-01T10:00:00.000000Z', id, x: 1 })).toString('base64url')],
    ['something very long', 'a'.repeat(500)],
  ])('refuses %s with VALIDATION_FAILED naming the field', (_name, value) => {
    expect(tryDecodeCursor(value)).toBeUndefined();
    expect(fieldOf(() => decodeCursor(value))).toEqual({ code: 'VALIDATION_FAILED', fields: ['cursor'] });
    expect(fieldOf(() => decodeCursor(value, 'after')).fields).toEqual(['after']);
  });
});

describe('cursors over bigint keys', () => {
  const t = '2026-05-01T10:00:00.123456Z';

  it('takes a numeric id when the list says its keys are serial, and refuses a UUID there', () => {
    expect(tryDecodeCursor(encodeCursor({ t, id: '42' }), isSerialId)).toEqual({ t, id: '42' });
    expect(tryDecodeCursor(encodeCursor({ t, id }), isSerialId)).toBeUndefined();
    expect(tryDecodeCursor(encodeCursor({ t, id: '42' }))).toBeUndefined();
  });

  it('refuses ids that are not a positive bigint', () => {
    for (const bad of ['0', '-1', '01', '1e3', '9'.repeat(19), ' 1']) {
      expect(tryDecodeCursor(encodeCursor({ t, id: bad }), isSerialId)).toBeUndefined();
    }
  });
});

describe('limits', () => {
  it('defaults to 50 and takes 1 to 500', () => {
    expect(resolveLimit(undefined)).toBe(DEFAULT_LIMIT);
    expect(DEFAULT_LIMIT).toBe(50);
    expect(resolveLimit(1)).toBe(1);
    expect(resolveLimit(MAX_LIMIT)).toBe(500);
  });

  it.each([0, -1, 501, 1.5, Number.NaN])('refuses %s with VALIDATION_FAILED naming limit', (value) => {
    expect(fieldOf(() => resolveLimit(value))).toEqual({ code: 'VALIDATION_FAILED', fields: ['limit'] });
  });
});

describe('pages', () => {
  const rows = [1, 2, 3].map((n) => ({ t: `2026-05-01T10:00:0${n}.000000Z`, id: id.replace(/1$/, String(n)) }));
  const key = (r: { t: string; id: string }) => r;

  it('shows limit rows and points the next cursor at the last one shown when there are more', () => {
    const page = toPage(rows, 2, key, (r) => r.id);
    expect(page.items.map((i) => i.node)).toEqual([rows[0].id, rows[1].id]);
    expect(page.nextCursor).toBe(page.items[1].cursor);
    expect(decodeCursor(page.nextCursor!)).toEqual(rows[1]);
    expect(toListResponse(page)).toEqual({ data: [rows[0].id, rows[1].id], nextCursor: page.nextCursor });
    expect(toConnection(page).pageInfo).toEqual({ hasNextPage: true, endCursor: page.nextCursor });
  });

  it('has a null next cursor on the last page, also when it is exactly full', () => {
    const page = toPage(rows, 3, key, (r) => r.id);
    expect(page.items).toHaveLength(3);
    expect(page.nextCursor).toBeNull();
    const connection = toConnection(page);
    expect(connection.pageInfo).toEqual({ hasNextPage: false, endCursor: page.items[2].cursor });
    const empty = toConnection(toPage([], 3, key, (r) => r.id));
    expect(empty).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });
});
