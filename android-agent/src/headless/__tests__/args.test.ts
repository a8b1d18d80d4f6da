import { describe, expect, it } from 'vitest';
import { CliUsageError, parseAgentArgs } from '../args.js';

const base = ['--server', 'http://127.0.0.1:3000', '--code', 'ABCD-1234'];

function usageError(argv: string[]): string {
  try {
    parseAgentArgs(argv);
  } catch (error) {
    if (error instanceof CliUsageError) {
      return error.toString();
    }
    throw error;
  }
  throw new Error('expected a usage error');
}

describe('parseAgentArgs', () => {
  it('parses every flag into typed options', () => {
    expect(
      parseAgentArgs([
        '--server=http://127.0.0.1:3000/',
        '--token',
        'tok',
        '--device-id',
        'dev_1',
        '--delivery-ms',
        '250',
        '--fail-rate',
        '0.25',
        '--fail-code',
        'NO_SERVICE',
        '--undelivered-rate',
        '1',
        '--sims',
        '2',
        '--state-file',
        '/tmp/s.json',
        '--send-log',
        '/tmp/log.jsonl',
        '--max-per-minute',
        '0',
        '--control-port',
        '8099',
      ]),
    ).toEqual({
      kind: 'run',
      args: {
        server: 'http://127.0.0.1:3000',
        token: 'tok',
        deviceId: 'dev_1',
        deliveryMs: 250,
        failRate: 0.25,
        failCode: 'NO_SERVICE',
        undeliveredRate: 1,
        sims: 2,
        stateFile: '/tmp/s.json',
        sendLogFile: '/tmp/log.jsonl',
        maxPerMinute: 0,
        controlPort: 8099,
      },
    });
  });

  it('needs only --server and --code', () => {
    expect(parseAgentArgs(base)).toEqual({ kind: 'run', args: { server: 'http://127.0.0.1:3000', code: 'ABCD-1234' } });
  });

  it('answers --help', () => {
    expect(parseAgentArgs(['--help'])).toEqual({ kind: 'help' });
  });

  it('takes a negative --delivery-ms written with =', () => {
    expect(parseAgentArgs([...base, '--delivery-ms=-1'])).toMatchObject({ args: { deliveryMs: -1 } });
  });

  it('takes --control-port 0 (a free port) and 65535', () => {
    expect(parseAgentArgs([...base, '--control-port', '0'])).toMatchObject({ args: { controlPort: 0 } });
    expect(parseAgentArgs([...base, '--control-port=65535'])).toMatchObject({ args: { controlPort: 65_535 } });
  });

  it.each([
    [['--code', 'X'], 'error MISSING_FLAG: --server is required'],
    [
      ['--server', 'http://h'],
      'error MISSING_FLAG: one of --code, --token or --state-file (from an earlier pairing) is required',
    ],
    [[...base, '--bogus'], 'error UNKNOWN_FLAG: --bogus is not a known flag (see --help)'],
    [[...base, 'extra'], 'error UNEXPECTED_ARGUMENT: unexpected argument "extra"'],
    [['--server'], 'error INVALID_FLAG: --server needs a value'],
    [['--server', 'ftp://h', '--code', 'X'], 'error INVALID_FLAG: --server must be an http:// or https:// URL'],
    [['--server', 'not a url', '--code', 'X'], 'error INVALID_FLAG: --server must be an http:// or https:// URL'],
    [[...base, '--fail-rate', '1.5'], 'error INVALID_FLAG: --fail-rate must be a number between 0 and 1'],
    [[...base, '--fail-rate', 'abc'], 'error INVALID_FLAG: --fail-rate must be a number between 0 and 1'],
    [
      [...base, '--fail-rate', '-0.1'],
      "error INVALID_FLAG: --fail-rate needs a value (write --fail-rate=VALUE for a value starting with '-')",
    ],
    [[...base, '--undelivered-rate', '2'], 'error INVALID_FLAG: --undelivered-rate must be a number between 0 and 1'],
    [
      [...base, '--delivery-ms', '1.5'],
      'error INVALID_FLAG: --delivery-ms must be an integer number of ms (-1: no reports)',
    ],
    [[...base, '--sims', '0'], 'error INVALID_FLAG: --sims must be an integer between 1 and 8'],
    [[...base, '--sims', '9'], 'error INVALID_FLAG: --sims must be an integer between 1 and 8'],
    [
      [...base, '--max-per-minute', '-5'],
      "error INVALID_FLAG: --max-per-minute needs a value (write --max-per-minute=VALUE for a value starting with '-')",
    ],
    [
      [...base, '--max-per-minute=-5'],
      'error INVALID_FLAG: --max-per-minute must be a non-negative integer (0: no limit)',
    ],
    [
      [...base, '--fail-code', 'lower'],
      'error INVALID_FLAG: --fail-code must be an upper-case code like GENERIC_FAILURE',
    ],
    [[...base, '--device-id', 'dev_1'], 'error INVALID_FLAG: --device-id goes with --token'],
    // A missing flag is told before a bad value.
    [
      ['--server', 'http://h', '--sims', '0'],
      'error MISSING_FLAG: one of --code, --token or --state-file (from an earlier pairing) is required',
    ],
    [[...base, '--help=yes'], 'error INVALID_FLAG: --help takes no value'],
    [['--server', 'http://h', '--code', ''], 'error INVALID_FLAG: --code must not be empty'],
    ...['65536', '-1', '1.5', 'abc', '0x50', '99999999999999999999'].map((port): [string[], string] => [
      [...base, `--control-port=${port}`],
      'error INVALID_FLAG: --control-port must be a port number between 1 and 65535 (0: a free port)',
    ]),
    [[...base, '--control-port'], 'error INVALID_FLAG: --control-port needs a value'],
    [[...base, '--control-port', ' '], 'error INVALID_FLAG: --control-port must not be empty'],
  ])('refuses %j with a specific message', (argv, message) => {
    expect(usageError(argv)).toBe(message);
  });
});
