import { parseArgs } from 'node:util';
import { HEADLESS_OPTIONS, headlessOptions, type HeadlessCliOptions, type HeadlessOption } from './options.js';

/** What the headless CLI was asked to do; every field is validated. */
export type AgentCliArgs = HeadlessCliOptions;

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

const HELP_COLUMN = 26;

export const USAGE = [
  'Usage: sms-gateway-agent --server URL (--code PAIRING_CODE | --token TOKEN | --state-file PATH) [options]',
  '',
  "The headless phone agent: the Android agent's core with a simulated SIM.",
  '',
  ...headlessOptions().map(([, option]) => helpLine(`--${option.flag} ${option.value}`, option.help)),
  helpLine('--help', 'this text'),
  '',
].join('\n');

function helpLine(flag: string, help: string): string {
  const [first, ...more] = help.split('\n');
  const indent = ' '.repeat(HELP_COLUMN);
  return [`  ${flag.padEnd(HELP_COLUMN - 3)} ${first}`, ...more.map((line) => indent + line)].join('\n');
}

const FLAGS: Record<string, { type: 'string' | 'boolean' }> = {
  ...Object.fromEntries(headlessOptions().map(([, option]) => [option.flag, { type: 'string' }])),
  help: { type: 'boolean' },
};

export function parseAgentArgs(argv: string[]): ParsedCli {
  let values: Partial<Record<string, string | boolean>>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: true }));
  } catch (error) {
    throw translateParseError(error);
  }
  if (values.help === true) {
    return { kind: 'help' };
  }
  if (positionals.length > 0) {
    throw new CliUsageError('UNEXPECTED_ARGUMENT', `unexpected argument ${JSON.stringify(positionals[0])}`);
  }
  const given = (name: keyof AgentCliArgs): boolean => typeof values[HEADLESS_OPTIONS[name].flag] === 'string';
  if (!given('server')) {
    throw new CliUsageError('MISSING_FLAG', '--server is required');
  }
  const parsed: Partial<Record<keyof AgentCliArgs, unknown>> = {};
  const parse = (name: keyof AgentCliArgs): void => {
    const option: HeadlessOption<unknown> = HEADLESS_OPTIONS[name];
    const text = values[option.flag];
    if (typeof text !== 'string') {
      return;
    }
    if (text.trim() === '') {
      throw new CliUsageError('INVALID_FLAG', `--${option.flag} must not be empty`);
    }
    const value = option.parse ? option.parse(text) : text;
    if (value === undefined) {
      throw new CliUsageError('INVALID_FLAG', `--${option.flag} must be ${option.must}`);
    }
    parsed[name] = value;
  };
  // The server first, then the rules between flags, then each value: the first error is the one told.
  parse('server');
  if (!given('code') && !given('token') && !given('stateFile')) {
    throw new CliUsageError(
      'MISSING_FLAG',
      'one of --code, --token or --state-file (from an earlier pairing) is required',
    );
  }
  if (given('deviceId') && !given('token')) {
    throw new CliUsageError('INVALID_FLAG', '--device-id goes with --token');
  }
  for (const [name] of headlessOptions()) {
    if (name !== 'server') {
      parse(name);
    }
  }
  // Every value was parsed by its own option's parser, so each field has its declared type.
  return { kind: 'run', args: parsed as AgentCliArgs };
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
