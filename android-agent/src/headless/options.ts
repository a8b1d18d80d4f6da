import { isControlPort } from './control-server.js';

/** One option of the headless phone: its flag, its line of --help, and how the flag's text becomes its value. */
export interface HeadlessOption<T> {
  flag: string;
  /** The value's placeholder in --help. */
  value: string;
  /** The --help text; a second line goes under the first. */
  help: string;
  /** The value of a flag's text, or undefined when the text is not one. Without it, the text itself. */
  parse?: (text: string) => T | undefined;
  /** What the value must be, for the message refusing one that is not. */
  must?: string;
}

/**
 * The headless phone's options, declared once: `startHeadlessAgent`'s options, the CLI's flags, their
 * validation and the --help text all derive from this table, in its order.
 */
export const HEADLESS_OPTIONS = {
  /** Gateway base URL, e.g. `http://127.0.0.1:3000`. */
  server: {
    flag: 'server',
    value: 'URL',
    help: 'gateway base URL, e.g. http://127.0.0.1:3000',
    parse: httpUrl,
    must: 'an http:// or https:// URL',
  },
  /** One-time pairing code; used when neither `token` nor a paired `stateFile` is at hand. */
  code: { flag: 'code', value: 'CODE', help: 'one-time pairing code (POST /v1/devices)' },
  token: { flag: 'token', value: 'T', help: 'device token from an earlier pairing (skips pairing)' },
  deviceId: { flag: 'device-id', value: 'ID', help: 'device id that goes with --token' },
  deliveryMs: {
    flag: 'delivery-ms',
    value: 'N',
    help: 'delay of simulated delivery reports, ms (default 0; -1: none)',
    parse: integer(between(-1, 86_400_000)),
    must: 'an integer number of ms (-1: no reports)',
  },
  failRate: {
    flag: 'fail-rate',
    value: 'F',
    help: 'share of sends that fail at the radio, 0..1 (default 0)',
    parse: rate,
    must: 'a number between 0 and 1',
  },
  failCode: {
    flag: 'fail-code',
    value: 'C',
    help: 'errorCode of those failures (default GENERIC_FAILURE)',
    parse: (text: string) => (/^[A-Z][A-Z0-9_]{0,63}$/.test(text) ? text : undefined),
    must: 'an upper-case code like GENERIC_FAILURE',
  },
  undeliveredRate: {
    flag: 'undelivered-rate',
    value: 'F',
    help: 'share of sent messages reported undelivered, 0..1 (default 0)',
    parse: rate,
    must: 'a number between 0 and 1',
  },
  sims: {
    flag: 'sims',
    value: 'N',
    help: 'number of simulated SIMs, 1..8 (default 1)',
    parse: integer(between(1, 8)),
    must: 'an integer between 1 and 8',
  },
  /** Outbox file; the pairing is kept beside it (`<stateFile>.device.json`) so a restart reconnects. */
  stateFile: { flag: 'state-file', value: 'P', help: 'keep the outbox and the pairing in this file across restarts' },
  /** Every transmission is appended here as one JSON line, before the simulated radio reports. */
  sendLogFile: { flag: 'send-log', value: 'P', help: 'append every transmission as a JSON line' },
  /** Parts per minute until the server's device.config; 0 = no limit. */
  maxPerMinute: {
    flag: 'max-per-minute',
    value: 'N',
    help: "parts per minute until the server's device.config (default 24; 0: no limit)",
    parse: integer(between(0, 1_000_000)),
    must: 'a non-negative integer (0: no limit)',
  },
  /** The simulated phone's own per-app limit (parts per rolling minute), like Android's. */
  platformLimit: {
    flag: 'platform-limit',
    value: 'N',
    help: "the simulated phone's own per-app limit in parts per minute: sends over it\nare refused like Android's, so the phone falls behind (default: none)",
    parse: integer(between(1, 1_000_000)),
    must: 'a positive integer',
  },
  /**
   * Serve `POST /inbound {from, body, simSlot?}` on 127.0.0.1 at this port (0: a free one) to
   * simulate a received SMS; the bound port is `HeadlessAgent.controlPort`.
   */
  controlPort: {
    flag: 'control-port',
    value: 'P',
    help: 'serve POST /inbound {from, body, simSlot?} on 127.0.0.1:P to simulate a\nreceived SMS (0: a free port; the ready line shows it)',
    parse: integer(isControlPort),
    must: 'a port number between 1 and 65535 (0: a free port)',
  },
} as const satisfies Record<string, HeadlessOption<unknown>>;

type Declared = typeof HEADLESS_OPTIONS;
type ValueOf<O> = O extends { parse: (text: string) => infer T } ? Exclude<T, undefined> : string;

/** The headless phone's options as the CLI takes them: `server` and any of the others. */
export type HeadlessCliOptions = { -readonly [K in keyof Declared]?: ValueOf<Declared[K]> } & { server: string };

/** The table as entries, for walking it. */
export function headlessOptions(): [keyof Declared, HeadlessOption<unknown>][] {
  return Object.entries(HEADLESS_OPTIONS) as [keyof Declared, HeadlessOption<unknown>][];
}

function httpUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? text.replace(/\/+$/, '') : undefined;
}

function between(min: number, max: number): (n: number) => boolean {
  return (n) => n >= min && n <= max;
}

function integer(accepts: (n: number) => boolean): (text: string) => number | undefined {
  return (text) => {
    const n = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
    return Number.isSafeInteger(n) && accepts(n) ? n : undefined;
  };
}

function rate(text: string): number | undefined {
  const n = /^\d*\.?\d+$/.test(text) ? Number(text) : Number.NaN;
  return n >= 0 && n <= 1 ? n : undefined;
}
