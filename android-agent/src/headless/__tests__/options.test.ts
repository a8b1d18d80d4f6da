import { describe, expect, it } from 'vitest';
import { SimulatedSmsTransport } from '../../lib/simulated-transport.js';
import { parseAgentArgs, USAGE } from '../args.js';
import { isControlPort, startControlServer } from '../control-server.js';
import { HEADLESS_OPTIONS, headlessOptions } from '../options.js';

/** A valid text for every option: a new option without one does not compile. */
const SAMPLES: Record<keyof typeof HEADLESS_OPTIONS, string> = {
  server: 'http://127.0.0.1:3000',
  code: 'ABCD-1234',
  token: 'tok',
  deviceId: 'dev_1',
  deliveryMs: '-1',
  failRate: '0.5',
  failCode: 'NO_SERVICE',
  undeliveredRate: '0',
  sims: '8',
  stateFile: '/tmp/state.json',
  sendLogFile: '/tmp/sent.jsonl',
  maxPerMinute: '0',
  platformLimit: '30',
  controlPort: '0',
};

describe('HEADLESS_OPTIONS', () => {
  it('gives --help a line for every option, in the order declared', () => {
    const flags = [...USAGE.matchAll(/^ {2}--([a-z-]+)/gm)].map((match) => match[1]);

    expect(flags).toEqual([...headlessOptions().map(([, option]) => option.flag), 'help']);
  });

  it('parses a valid text of every option into the field of its name', () => {
    const argv = headlessOptions().map(([name, option]) => `--${option.flag}=${SAMPLES[name]}`);

    const parsed = parseAgentArgs(argv);

    expect(parsed).toEqual({
      kind: 'run',
      args: {
        server: 'http://127.0.0.1:3000',
        code: 'ABCD-1234',
        token: 'tok',
        deviceId: 'dev_1',
        deliveryMs: -1,
        failRate: 0.5,
        failCode: 'NO_SERVICE',
        undeliveredRate: 0,
        sims: 8,
        stateFile: '/tmp/state.json',
        sendLogFile: '/tmp/sent.jsonl',
        maxPerMinute: 0,
        platformLimit: 30,
        controlPort: 0,
      },
    });
  });

  it('takes for --control-port exactly the ports the control server listens on', async () => {
    const transport = new SimulatedSmsTransport();
    for (const port of [-1, 65_536, 1.5]) {
      expect(isControlPort(port)).toBe(false);
      await expect(startControlServer(transport, port)).rejects.toBeInstanceOf(RangeError);
    }
    expect([0, 1, 65_535].every(isControlPort)).toBe(true);
  });
});
