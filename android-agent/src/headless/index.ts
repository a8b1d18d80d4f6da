import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AgentError, GatewayAgent, type AgentLogger, type GatewayAgentOptions } from '../lib/agent.js';
import { MemoryOutboxStore, type OutboxStore } from '../lib/outbox.js';
import { pairDevice } from '../lib/pairing.js';
import { SimulatedSmsTransport, type SimulatedSendEntry } from '../lib/simulated-transport.js';
import { startControlServer, type ControlServer } from './control-server.js';
import { FileOutboxStore } from './file-outbox-store.js';
import type { HeadlessCliOptions } from './options.js';

export { FileOutboxStore } from './file-outbox-store.js';
export { CliUsageError, parseAgentArgs, USAGE, type AgentCliArgs, type ParsedCli } from './args.js';

export const HEADLESS_APP_VERSION = '0.1.0-headless';

/** The CLI's options (options.ts), and the agent's logger, version and timings for tests and embedders. */
export type HeadlessAgentOptions = HeadlessCliOptions &
  Partial<
    Pick<
      GatewayAgentOptions,
      | 'logger'
      | 'appVersion'
      | 'heartbeatMs'
      | 'ackTimeoutMs'
      | 'statusRetryMs'
      | 'reconnectRetryMs'
      | 'reconnectRetryMaxMs'
      | 'disabledRetryMs'
    >
  > & {
    /** What the heartbeats say of battery optimisation: a simulated phone has none (default null, unknown). */
    batteryOptimizationExempt?: boolean | null;
  };

export interface HeadlessAgent {
  agent: GatewayAgent;
  transport: SimulatedSmsTransport;
  deviceId: string;
  token: string;
  /** The port of the control server on 127.0.0.1, when `controlPort` was given. */
  controlPort?: number;
  stop(): Promise<void>;
}

interface Credentials {
  server: string;
  deviceId?: string;
  token: string;
}

/** A phone in a process: the agent core with a simulated SIM, paired and connected. */
export async function startHeadlessAgent(options: HeadlessAgentOptions): Promise<HeadlessAgent> {
  const server = options.server.replace(/\/+$/, '');
  const credentialsFile = options.stateFile !== undefined ? `${options.stateFile}.device.json` : undefined;
  let credentials: Credentials | undefined;
  let stored = false;
  if (options.token !== undefined) {
    credentials = {
      server,
      token: options.token,
      ...(options.deviceId !== undefined ? { deviceId: options.deviceId } : {}),
    };
  } else if (credentialsFile !== undefined) {
    credentials = await readCredentials(credentialsFile, server);
    stored = credentials !== undefined;
  }
  if (!credentials) {
    credentials = await pair(server, options, credentialsFile);
  }

  let sendLogFd: number | undefined;
  if (options.sendLogFile !== undefined) {
    await mkdir(dirname(options.sendLogFile), { recursive: true });
    sendLogFd = openSync(options.sendLogFile, 'a');
  }
  const logFd = sendLogFd;
  const transport = new SimulatedSmsTransport({
    sims: options.sims,
    deliveryMs: options.deliveryMs,
    failRate: options.failRate,
    failCode: options.failCode,
    undeliveredRate: options.undeliveredRate,
    partsPerMinute: options.platformLimit,
    // Synchronous, so the line is written before the transmission is reported anywhere.
    sendLog: logFd !== undefined ? (entry) => writeSync(logFd, sendLogLine(entry)) : undefined,
  });
  const store: OutboxStore =
    options.stateFile !== undefined ? new FileOutboxStore(options.stateFile) : new MemoryOutboxStore();

  const makeAgent = (token: string): GatewayAgent =>
    new GatewayAgent({
      serverUrl: server,
      token,
      transport,
      store,
      appVersion: options.appVersion ?? HEADLESS_APP_VERSION,
      throttle: options.maxPerMinute !== undefined ? { maxPerMinute: options.maxPerMinute } : undefined,
      heartbeatMs: options.heartbeatMs,
      ackTimeoutMs: options.ackTimeoutMs,
      statusRetryMs: options.statusRetryMs,
      reconnectRetryMs: options.reconnectRetryMs,
      reconnectRetryMaxMs: options.reconnectRetryMaxMs,
      disabledRetryMs: options.disabledRetryMs,
      deviceInfo: () => ({ batteryOptimizationExempt: options.batteryOptimizationExempt ?? null }),
      logger: options.logger,
    });

  const cleanup = async (agent: GatewayAgent): Promise<void> => {
    await agent.stop();
    transport.close();
    if (store instanceof FileOutboxStore) {
      await store.close();
    }
    if (sendLogFd !== undefined) {
      closeSync(sendLogFd);
      sendLogFd = undefined;
    }
  };

  let agent = makeAgent(credentials.token);
  try {
    await agent.start();
  } catch (error) {
    await agent.stop();
    // A remembered pairing the server no longer accepts (device revoked, database reset): pair again.
    if (stored && options.code !== undefined && error instanceof AgentError && error.code !== 'STOPPED') {
      options.logger?.warn('the stored pairing was refused; pairing again with the code', { code: error.code });
      credentials = await pair(server, options, credentialsFile);
      agent = makeAgent(credentials.token);
      try {
        await agent.start();
      } catch (retryError) {
        await cleanup(agent);
        throw retryError;
      }
    } else {
      await cleanup(agent);
      throw error;
    }
  }
  const deviceId = agent.deviceId ?? credentials.deviceId;
  if (deviceId === undefined) {
    // Unreachable: start() resolves only after a hello ack, which carries the device id.
    throw new Error('connected without a device id');
  }
  const running = agent;
  let control: ControlServer | undefined;
  if (options.controlPort !== undefined) {
    // After start(): the agent listens to the SIM by then, so no simulated SMS is missed.
    try {
      control = await startControlServer(transport, options.controlPort);
    } catch (error) {
      await cleanup(running);
      const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
      throw new AgentError(
        'CONTROL_PORT_UNAVAILABLE',
        `could not listen on 127.0.0.1:${options.controlPort} for the control port (${reason})`,
      );
    }
  }
  const controlServer = control;
  return {
    agent: running,
    transport,
    deviceId,
    token: credentials.token,
    ...(controlServer ? { controlPort: controlServer.port } : {}),
    stop: async () => {
      // First: nothing may be simulated into an agent that is stopping.
      await controlServer?.close();
      await cleanup(running);
    },
  };
}

async function pair(
  server: string,
  options: HeadlessAgentOptions,
  credentialsFile: string | undefined,
): Promise<Credentials> {
  if (options.code === undefined) {
    throw new AgentError('MISSING_CREDENTIALS', 'no token and no pairing code: pass --code (or --token)');
  }
  const sims = options.sims ?? 1;
  const paired = await pairDevice(server, options.code, {
    appVersion: options.appVersion ?? HEADLESS_APP_VERSION,
    model: 'headless',
    manufacturer: 'sms-gateway',
    osVersion: `node ${process.version}`,
    sims: Array.from({ length: sims }, (_, slot) => ({ slot })),
  });
  const credentials: Credentials = { server, deviceId: paired.deviceId, token: paired.token };
  if (credentialsFile !== undefined) {
    await mkdir(dirname(credentialsFile), { recursive: true });
    const temp = `${credentialsFile}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(credentials), { mode: 0o600 });
    await rename(temp, credentialsFile);
  }
  return credentials;
}

async function readCredentials(file: string, server: string): Promise<Credentials | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
  const data = JSON.parse(text) as Partial<Credentials>;
  // A pairing belongs to one server: pointed elsewhere, the phone pairs anew.
  if (data.server !== server || typeof data.token !== 'string') {
    return undefined;
  }
  return { server, token: data.token, ...(typeof data.deviceId === 'string' ? { deviceId: data.deviceId } : {}) };
}

function sendLogLine(entry: SimulatedSendEntry): string {
  return `${JSON.stringify({ ...entry, at: entry.at.toISOString() })}\n`;
}

/** One JSON object per line on a stream (stderr for the CLI): machine-readable, no personal data. */
export function jsonLineLogger(
  write: (line: string) => void = (line) => process.stderr.write(line),
  clock: () => Date = () => new Date(),
): AgentLogger {
  const log =
    (level: string) =>
    (msg: string, fields?: Record<string, unknown>): void =>
      write(`${JSON.stringify({ time: clock().toISOString(), level, msg, ...fields })}\n`);
  return { info: log('info'), warn: log('warn'), error: log('error') };
}
