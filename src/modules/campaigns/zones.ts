import ct from 'countries-and-timezones';

/** A recipient's zone key: an IANA zone, or `country:XX` for every zone of a country with several. */
export type ZoneKey = string;

const COUNTRY_PREFIX = 'country:';
/** Numbers of no country (international networks, satellite): their quiet hours are UTC's. */
export const NO_COUNTRY_ZONE = 'Etc/UTC';

/** The zone data's zones of a country (ISO 3166 alpha-2), as listed; empty for an unknown code. */
export function listedZones(country: string): string[] {
  return ct.getCountry(country)?.timezones ?? [];
}

/** A zone's UTC offsets in mid-January and mid-July: zones alike in both keep the same clock. */
function clockOf(zone: string): string {
  const year = new Date().getUTCFullYear();
  return [0, 6]
    .map(
      (month) =>
        new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' })
          .formatToParts(new Date(Date.UTC(year, month, 15, 12)))
          .find((p) => p.type === 'timeZoneName')?.value,
    )
    .join(' ');
}

const distinctZones = new Map<string, string[]>();

/**
 * The zones of a country that keep different clocks, one per clock (Germany's Europe/Berlin and
 * the Europe/Zurich of Büsingen are one); the zone the data names for the country first. Empty
 * for an unknown code.
 */
export function zonesOfCountry(country: string): string[] {
  let zones = distinctZones.get(country);
  if (!zones) {
    const listed = listedZones(country);
    const own = (zone: string) => ct.getTimezone(zone)?.countries?.[0] === country;
    const byClock = new Map<string, string>();
    for (const zone of [...listed.filter(own), ...listed.filter((z) => !own(z))]) {
      const key = clockOf(zone);
      if (!byClock.has(key)) byClock.set(key, zone);
    }
    zones = [...byClock.values()];
    distinctZones.set(country, zones);
  }
  return zones;
}

/**
 * The zone whose local time decides a recipient's quiet hours: the country's only clock; for a
 * country with several, the zone the account chose (`chosen`, country to zone), else the key
 * `country:XX`, which is quiet while any of its zones is (never texting anyone there at night).
 */
export function zoneFor(country: string | undefined, chosen: Readonly<Record<string, string>> = {}): ZoneKey {
  if (!country) return NO_COUNTRY_ZONE;
  const zones = zonesOfCountry(country);
  if (zones.length === 0) return NO_COUNTRY_ZONE;
  if (zones.length === 1) return zones[0];
  const pick = chosen[country];
  return pick && listedZones(country).includes(pick) ? pick : `${COUNTRY_PREFIX}${country}`;
}

/** Quiet hours as minutes of the day: `start` to `end`, across midnight when start > end (21:00–08:00). */
export interface QuietHours {
  start: number;
  end: number;
}

/** "21:00" → 1260; undefined for anything but HH:MM of a 24-hour day. */
export function parseClock(text: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes since local midnight in `zone` at `at`. */
export function localMinutes(zone: string, at: Date): number {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, format);
  }
  let hour = 0;
  let minute = 0;
  for (const part of format.formatToParts(at)) {
    if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return hour * 60 + minute;
}

export function isQuietAt(minutes: number, quiet: QuietHours): boolean {
  return quiet.start < quiet.end
    ? minutes >= quiet.start && minutes < quiet.end
    : minutes >= quiet.start || minutes < quiet.end;
}

/** Whether recipients of `key` may be texted at `at` (always, without quiet hours). */
export function zoneOpen(key: ZoneKey, at: Date, quiet: QuietHours | null): boolean {
  if (!quiet) return true;
  const zones = key.startsWith(COUNTRY_PREFIX) ? zonesOfCountry(key.slice(COUNTRY_PREFIX.length)) : [key];
  return zones.every((zone) => !isQuietAt(localMinutes(zone, at), quiet));
}

/**
 * When `key` next opens at or after `from` (within the next two days, minute by minute in steps of
 * 15), for an estimate; `from` itself when it is open.
 */
export function nextOpen(key: ZoneKey, from: Date, quiet: QuietHours | null): Date {
  if (zoneOpen(key, from, quiet)) return from;
  const step = 15 * 60_000;
  const start = Math.ceil(from.getTime() / step) * step;
  for (let t = start; t < from.getTime() + 48 * 3600_000; t += step) {
    if (zoneOpen(key, new Date(t), quiet)) return new Date(t);
  }
  return from;
}

/** Whether `zone` is an IANA zone this runtime knows. */
export function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
