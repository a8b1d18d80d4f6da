import { describe, expect, it } from 'vitest';
import { formatClock, isQuietAt, localMinutes, nextOpen, parseClock, zoneFor, zoneOpen } from '../zones.js';

describe('campaign zones and quiet hours', () => {
  it("takes a country's only zone, the account's choice for one with several, else all of them", () => {
    expect(zoneFor('GB')).toBe('Europe/London');
    expect(zoneFor('JP')).toBe('Asia/Tokyo');
    // Zones that keep the same clock are one: Germany's Büsingen (Europe/Zurich) is Berlin's time.
    expect(zoneFor('DE')).toBe('Europe/Berlin');
    expect(zoneFor('MY')).toMatch(/^Asia\/Ku/);
    expect(zoneFor('US')).toBe('country:US');
    expect(zoneFor('US', { US: 'America/Chicago' })).toBe('America/Chicago');
    // A choice that is not one of the country's zones is not taken.
    expect(zoneFor('US', { US: 'Europe/Berlin' })).toBe('country:US');
    expect(zoneFor(undefined)).toBe('Etc/UTC');
    expect(zoneFor('XX')).toBe('Etc/UTC');
  });

  it('reads HH:MM clocks and refuses anything else', () => {
    expect(parseClock('21:00')).toBe(1260);
    expect(parseClock('08:05')).toBe(485);
    for (const bad of ['24:00', '8:00', '21:60', '2100', ' 21:00']) expect(parseClock(bad)).toBeUndefined();
    expect(formatClock(485)).toBe('08:05');
  });

  it('is quiet inside the hours, across midnight too', () => {
    const night = { start: parseClock('21:00')!, end: parseClock('08:00')! };
    expect(isQuietAt(parseClock('23:30')!, night)).toBe(true);
    expect(isQuietAt(parseClock('07:59')!, night)).toBe(true);
    expect(isQuietAt(parseClock('08:00')!, night)).toBe(false);
    expect(isQuietAt(parseClock('20:59')!, night)).toBe(false);
    const lunch = { start: parseClock('12:00')!, end: parseClock('13:00')! };
    expect(isQuietAt(parseClock('12:30')!, lunch)).toBe(true);
    expect(isQuietAt(parseClock('13:00')!, lunch)).toBe(false);
  });

  it("follows the recipient's local clock, daylight saving included", () => {
    // 2026-07-01 20:30 UTC is 22:30 in Berlin (CEST) and 05:30 the next day in Tokyo.
    const at = new Date('2026-07-01T20:30:00Z');
    expect(localMinutes('Europe/Berlin', at)).toBe(22 * 60 + 30);
    expect(localMinutes('Asia/Tokyo', at)).toBe(5 * 60 + 30);
    expect(localMinutes('Europe/Berlin', new Date('2026-01-15T20:30:00Z'))).toBe(21 * 60 + 30);
    const night = { start: parseClock('21:00')!, end: parseClock('08:00')! };
    expect(zoneOpen('Europe/Berlin', at, night)).toBe(false);
    expect(zoneOpen('Europe/Berlin', new Date('2026-07-01T10:00:00Z'), night)).toBe(true);
    expect(zoneOpen('Europe/Berlin', at, null)).toBe(true);
    expect(nextOpen('Europe/Berlin', at, night).toISOString()).toBe('2026-07-02T06:00:00.000Z');
  });

  it('opens a multi-zone country only while every one of its zones is outside the hours', () => {
    const night = { start: parseClock('21:00')!, end: parseClock('08:00')! };
    // 15:00 UTC in July: 11:00 New York, 05:00 Honolulu (quiet), 07:00 Anchorage (quiet).
    const at = new Date('2026-07-01T15:00:00Z');
    expect(zoneOpen('America/New_York', at, night)).toBe(true);
    expect(zoneOpen('country:US', at, night)).toBe(false);
    // 20:00 UTC: 16:00 New York, 10:00 Honolulu, 12:00 Anchorage, 13:00 Los Angeles: all open.
    expect(zoneOpen('country:US', new Date('2026-07-01T20:00:00Z'), night)).toBe(true);
  });
});
