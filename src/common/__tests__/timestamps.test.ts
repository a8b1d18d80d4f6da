import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { canonicalTimestamp, parseTimeRange } from '../timestamps.js';

function fieldOf(fn: () => unknown): { code: string; fields: string[] } {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, fields: (error.errors ?? []).map((e) => e.field) };
    throw error;
  }
  throw new Error('expected an error');
}

describe('filter timestamps', () => {
  it.each([
    ['2026-05-01', '2026-05-01T00:00:00.000000Z'],
    ['2026-05-01T10:00:00Z', '2026-05-01T10:00:00.000000Z'],
    ['2026-05-01T10:00Z', '2026-05-01T10:00:00.000000Z'],
    ['2026-05-01T10:00:00.123456Z', '2026-05-01T10:00:00.123456Z'],
    ['2026-05-01T10:00:00.1234567Z', '2026-05-01T10:00:00.123456Z'],
    ['2026-05-01T12:00:00.5+02:00', '2026-05-01T10:00:00.500000Z'],
    ['2026-05-01T00:30:00-0100', '2026-05-01T01:30:00.000000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000000Z'],
  ])('reads %s as %s', (input, canonical) => {
    expect(canonicalTimestamp(input)).toBe(canonical);
  });

  it.each([
    'yesterday',
    '2026-05-01T10:00:00',
    '2026-02-30',
    '2025-02-29',
    '2026-13-01',
    '2026-05-01T25:00:00Z',
    '2026-05-01T10:00:00+24:00',
    '1714557600',
    '',
  ])('refuses %s', (input) => {
    expect(canonicalTimestamp(input)).toBeUndefined();
  });

  it('refuses since after until, naming since', () => {
    expect(parseTimeRange('2026-05-01', '2026-05-01')).toEqual({
      since: '2026-05-01T00:00:00.000000Z',
      until: '2026-05-01T00:00:00.000000Z',
    });
    expect(fieldOf(() => parseTimeRange('2026-05-02', '2026-05-01'))).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['since'],
    });
    expect(fieldOf(() => parseTimeRange('2026-05-01T10:00:00.000002Z', '2026-05-01T10:00:00.000001Z')).fields).toEqual([
      'since',
    ]);
    expect(fieldOf(() => parseTimeRange(undefined, 'soon')).fields).toEqual(['until']);
  });
});
