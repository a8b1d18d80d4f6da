import { parseArgs } from 'node:util';

/** What the headless CLI was asked to do; every field is validated. */
export interface AgentCliArgs {
  server: string;
  code?: string;
  token?: string;
  deviceId?: string;
  deliveryMs?: number;
  failRate?: number;
  failCode?: string;
  undeliveredRate?: number;
  sims?: number;
  stateFile?: string;
  sendLogFile?: string;
  maxPerMinute?: number;
  platformLimit?: number;
  controlPort?: number;
}

export type ParsedCli = { kind: 'run'; args: AgentCliArgs } | { kind: 'help' };

/** A usage error: the CLI prints `error <code>: <message>` and exits 2. */
export class CliUsageError extends Error {
  constructor(
    readonly code: 'INVALID_FLAG' | 'UNKNOWN_FLAG' | 'MISSING_FLAG' | 'UNEXPECTED_ARGUMENT',
    message: string,
  ) {
    super(message);
    this.name = 'CliUsageError';
  }

  override toString(): string {
    return `error ${this.code}: ${this.message}`;
  }
}

export const USAGE = `Usage: sms-gateway-agent --server URL (--code PAIRING_CODE | --token TOKEN | --state-file PATH) [options]

The headless phone agent: the Android agent's core with a simulated SIM.

  --server URL            gateway base URL, e.g. http://127.0.0.1:3000
  --code CODE             one-time pairing code (POST /v1/devices)
  --token T               device token from an earlier pairing (skips pairing)
  --device-id ID          device id that goes with --token
  --delivery-ms N         delay of simulated delivery reports, ms (default 0; -1: none)
  --fail-rate F           share of sends that fail at the radio, 0..1 (default 0)
  --fail-code C           errorCode of those failures (default GENERIC_FAILURE)
  --undelivered-rate F    share of sent messages reported undelivered, 0..1 (default 0)
  --sims N                number of simulated SIMs, 1..8 (default 1)
  --state-file P          keep the outbox and the pairing in this file across restarts
  --send-log P            append every transmission as a JSON line
  --max-per-minute N      parts per minute until the server's device.config (default 24; 0: no limit)
  --platform-limit N      the simulated phone's own per-app limit in parts per minute: sends over it
                          are refused like Android's, so the phone falls behind (default: none)
  --control-port P        serve POST /inbound {from, body, simSlot?} on 127.0.0.1:P to simulate a
                          received SMS (0: a free port; the ready line shows it)
  --help                  this text
`;

const OPTIONS = {
  server: { type: 'string' },
  code: { type: 'string' },
  token: { type: 'string' },
  'device-id': { type: 'string' },
  'delivery-ms': { type: 'string' },
  'fail-rate': { type: 'string' },
  'fail-code': { type: 'string' },
  'undelivered-rate': { type: 'string' },
  sims: { type: 'string' },
  'state-file': { type: 'string' },
  'send-log': { type: 'string' },
  'max-per-minute': { type: 'string' },
  'platform-limit': { type: 'string' },
  'control-port': { type: 'string' },
  help: { type: 'boolean' },
} as const;

export function parseAgentArgs(argv: string[]): ParsedCli {
  let values: Partial<Record<keyof typeof OPTIONS, string | boolean>>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true }));
  } catch (error) {
    throw translateParseError(error);
  }
  if (values.help === true) {
    return { kind: 'help' };
  }
  if (positionals.length > 0) {
    throw new CliUsageError('UNEXPECTED_ARGUMENT', `unexpected argument ${JSON.stringify(positionals[0])}`);
  }
  const str = (name: keyof typeof OPTIONS): string | undefined => {
    const value = values[name];
    if (typeof value !== 'string') {
      return undefined;
    }
    if (value.trim() === '') {
      throw new CliUsageError('INVALID_FLAG', `--${name} must not be empty`);
    }
    return value;
  };

  const server = str('server');
  if (server === undefined) {
    throw new CliUsageError('MISSING_FLAG', '--server is required');
  }
  let url: URL | undefined;
  try {
    url = new URL(server);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new CliUsageError('INVALID_FLAG', '--server must be an http:// or https:// URL');
  }

  const args: AgentCliArgs = { server: server.replace(/\/+$/, '') };
  const code = str('code');
  const token = str('token');
  const deviceId = str('device-id');
  const stateFile = str('state-file');
  const sendLogFile = str('send-log');
  const failCode = str('fail-code');
  if (code === undefined && token === undefined && stateFile === undefined) {
    throw new CliUsageError(
      'MISSING_FLAG',
      'one of --code, --token or --state-file (from an earlier pairing) is required',
    );
  }
  if (deviceId !== undefined && token === undefined) {
    throw new CliUsageError('INVALID_FLAG', '--device-id goes with --token');
  }
  if (failCode !== undefined && !/^[A-Z][A-Z0-9_]{0,63}$/.test(failCode)) {
    throw new CliUsageError('INVALID_FLAG', '--fail-code must be an upper-case code like GENERIC_FAILURE');
  }
  Object.assign(
    args,
    code !== undefined ? { code } : {},
    token !== undefined ? { token } : {},
    deviceId !== undefined ? { deviceId } : {},
    stateFile !== undefined ? { stateFile } : {},
    sendLogFile !== undefined ? { sendLogFile } : {},
    failCode !== undefined ? { failCode } : {},
  );

  const deliveryMs = integer(
    str('delivery-ms'),
    'delivery-ms',
    -1,
    86_400_000,
    'an integer number of ms (-1: no reports)',
  );
  const failRate = rate(str('fail-rate'), 'fail-rate');
  const undeliveredRate = rate(str('undelivered-rate'), 'undelivered-rate');
  const sims = integer(str('sims'), 'sims', 1, 8, 'an integer between 1 and 8');
  const maxPerMinute = integer(
    str('max-per-minute'),
    'max-per-minute',
    0,
    1_000_000,
    'a non-negative integer (0: no limit)',
  );
  const platformLimit = integer(str('platform-limit'), 'platform-limit', 1, 1_000_000, 'a positive integer');
  const controlPort = integer(
    str('control-port'),
    'control-port',
    0,
    65_535,
    'a port number between 1 and 65535 (0: a free port)',
  );
  Object.assign(
    args,
    controlPort !== undefined ? { controlPort } : {},
    platformLimit !== undefined ? { platformLimit } : {},
    deliveryMs !== undefined ? { deliveryMs } : {},
    failRate !== undefined ? { failRate } : {},
    undeliveredRate !== undefined ? { undeliveredRate } : {},
    sims !== undefined ? { sims } : {},
    maxPerMinute !== undefined ? { maxPerMinute } : {},
  );
  return { kind: 'run', args };
}

function integer(value: string | undefined, name: string, min: number, max: number, what: string): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const n = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliUsageError('INVALID_FLAG', `--${name} must be ${what}`);
  }
  return n;
}

function rate(value: string | undefined, name: string): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const n = /^\d*\.?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 0 && n <= 1)) {
    throw new CliUsageError('INVALID_FLAG', `--${name} must be a number between 0 and 1`);
  }
  return n;
}

function translateParseError(error: unknown): CliUsageError {
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  const flag = /'(-{1,2}[^'\s]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new CliUsageError('UNKNOWN_FLAG', `${flag ?? 'a flag'} is not a known flag (see --help)`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (message.includes('does not take')) {
        return new CliUsageError('INVALID_FLAG', `${flag ?? 'a flag'} takes no value`);
      }
      if (message.includes('ambiguous')) {
        // parseArgs will not take a value starting with '-' after a space (e.g. --delivery-ms -1).
        return new CliUsageError(
          'INVALID_FLAG',
          `${flag ?? 'a flag'} needs a value (write ${flag ?? '--flag'}=VALUE for a value starting with '-')`,
        );
      }
      return new CliUsageError('INVALID_FLAG', `${flag ?? 'a flag'} needs a value`);
    default:
      return new CliUsageError('INVALID_FLAG', message);
  }
}
