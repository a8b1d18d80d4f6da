import { jest } from '@jest/globals';
import { SimulatedSmsTransport } from '../../src/lib/index';
import { AgentController, type ControllerDeps } from '../services/agent-controller';
import { AsyncStorageOutboxStore } from '../services/async-storage-outbox-store';
import type { BackgroundRunner } from '../services/background';
import type { CredentialStore, Credentials } from '../services/credentials';
import type { PermissionsApi } from '../services/permissions';
import { DEFAULT_SETTINGS, type AgentSettings, type SettingsStore } from '../services/settings';
import { FakeAgentServer } from './fake-agent-socket';

export class MemoryCredentialStore implements CredentialStore {
  constructor(public value?: Credentials) {}
  load = () => Promise.resolve(this.value);
  save = (credentials: Credentials) => {
    this.value = credentials;
    return Promise.resolve();
  };
  clear = () => {
    this.value = undefined;
    return Promise.resolve();
  };
}

export class MemorySettingsStore implements SettingsStore {
  constructor(public value: AgentSettings = { ...DEFAULT_SETTINGS }) {}
  load = () => Promise.resolve({ ...this.value });
  save = (settings: AgentSettings) => {
    this.value = settings;
    return Promise.resolve();
  };
}

/** The foreground service without Android: runs the task and remembers whether it runs. */
export class FakeRunner implements BackgroundRunner {
  running = false;
  task: Promise<void> | undefined;
  statuses: string[] = [];
  start = (task: () => Promise<void>) => {
    this.running = true;
    this.task = task().finally(() => {
      this.running = false;
    });
    return Promise.resolve();
  };
  stop = () => {
    this.running = false;
    return Promise.resolve();
  };
  isRunning = () => this.running;
  setStatus = (text: string) => {
    this.statuses.push(text);
    return Promise.resolve();
  };
}

type Answer = 'granted' | 'denied' | 'never_ask_again';

/** Grants by Android permission name; anything not listed is refused with `refuseWith`. */
export function fakePermissions(granted: string[], refuseWith: Answer = 'denied', apiLevel = 34): PermissionsApi {
  const has = (permission: string) => granted.some((name) => permission.endsWith(`.${name}`));
  return {
    apiLevel,
    check: jest.fn((permission: string) => Promise.resolve(has(permission))),
    request: jest.fn((permission: string) => Promise.resolve<Answer>(has(permission) ? 'granted' : refuseWith)),
  };
}

export const ALL_PERMISSIONS = [
  'SEND_SMS',
  'RECEIVE_SMS',
  'READ_PHONE_STATE',
  'READ_PHONE_NUMBERS',
  'POST_NOTIFICATIONS',
];

export interface TestRig {
  controller: AgentController;
  server: FakeAgentServer;
  transport: SimulatedSmsTransport;
  runner: FakeRunner;
  credentials: MemoryCredentialStore;
  settings: MemorySettingsStore;
  outbox: AsyncStorageOutboxStore;
  fetch: jest.Mock<typeof fetch>;
}

export const PAIRED: Credentials = { serverUrl: 'https://gw.example.test', deviceId: 'dev_1', token: 'secret-token' };

/** A controller over the real agent core, a simulated SIM, the AsyncStorage mock and an in-memory server. */
export function testController(
  options: {
    paired?: boolean;
    granted?: string[];
    refuseWith?: Answer;
    sims?: number;
    fetch?: jest.Mock<typeof fetch>;
    deps?: Partial<ControllerDeps>;
  } = {},
): TestRig {
  const server = new FakeAgentServer();
  const transport = new SimulatedSmsTransport({ sims: options.sims ?? 1, deliveryMs: -1 });
  const runner = new FakeRunner();
  const credentials = new MemoryCredentialStore(options.paired === false ? undefined : { ...PAIRED });
  const settings = new MemorySettingsStore();
  const outbox = new AsyncStorageOutboxStore();
  const fetchMock = options.fetch ?? jest.fn<typeof fetch>();
  const controller = new AgentController({
    credentials,
    settings,
    outbox,
    transport,
    runner,
    permissions: fakePermissions(options.granted ?? ALL_PERMISSIONS, options.refuseWith),
    deviceInfo: () => ({ model: 'Test phone', osVersion: 'Android 14' }),
    requestBatteryExemption: () => Promise.resolve('granted'),
    fetch: fetchMock,
    socketFactory: server.factory,
    refreshMs: 60_000,
    ...options.deps,
  });
  return { controller, server, transport, runner, credentials, settings, outbox, fetch: fetchMock };
}

/** Polls until `predicate` holds: tests wait for outcomes, never for fixed sleeps. */
export async function waitFor<T>(predicate: () => T | undefined | false | null, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = predicate();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`waitFor timed out: ${predicate.toString()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The part of a fetch Response that pairDevice reads. */
export function jsonResponse(status: number, body: unknown): Response {
  const text = JSON.stringify(body);
  return { ok: status >= 200 && status < 300, status, statusText: '', text: () => Promise.resolve(text) } as Response;
}

/** The JSON body of a recorded fetch call. */
export function requestBody(call: Parameters<typeof fetch> | undefined): unknown {
  return JSON.parse(call?.[1]?.body as string);
}
