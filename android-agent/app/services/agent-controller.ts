import {
  AgentError,
  defaultSocketFactory,
  GatewayAgent,
  PairingError,
  pairDevice,
  parseDeviceConfig,
  type AgentLogger,
  type AgentSocket,
  type DeviceConfigPayload,
  type DeviceInfo,
  type OutboxStore,
  type PairDeviceInfo,
  type SimInfo,
  type SmsTransport,
  type ThrottleConfig,
} from '../../src/lib/index';
import { APP_VERSION } from './app-info';
import type { BackgroundRunner } from './background';
import type { CredentialStore, Credentials } from './credentials';
import { ObservedOutboxStore } from './observed-outbox-store';
import { CLEARTEXT_REFUSED, isRefusedCleartext } from './pairing-link';
import {
  canSend,
  checkPermissions,
  requestPermissions,
  type PermissionReport,
  type PermissionsApi,
} from './permissions';
import { PolicyTransport, type Budget } from './policy-transport';
import { SendLog, type SendLogEntry } from './send-log';
import { DEFAULT_SETTINGS, type AgentSettings, type BatteryExemptionState, type SettingsStore } from './settings';

/**
 * `connecting`: started, no accepted hello yet; `offline`: was online, the socket is reconnecting;
 * `refused`: the server refused the phone (revoked token…) and the agent stopped.
 */
export type ConnectionState = 'stopped' | 'connecting' | 'online' | 'offline' | 'refused';

export interface SimView extends SimInfo {
  enabled: boolean;
}

export interface ControllerError {
  code: string;
  message: string;
}

export interface ControllerState {
  phase: 'loading' | 'unpaired' | 'paired';
  serverUrl?: string;
  deviceId?: string;
  connection: ConnectionState;
  /** Why the agent is not running (refused by the server, a permission, storage). */
  error?: ControllerError;
  lastMessageAt?: string;
  queueDepth: number;
  /** Parts left this rolling minute under the lower of the phone's and the server's limits. */
  budget: Budget;
  /** The pacing in force: the server's `device.config` once it came, the phone's settings before. */
  throttle: ThrottleConfig;
  /** The last `device.config` from the server, as sent. */
  serverConfig?: Partial<DeviceConfigPayload>;
  sims: SimView[];
  recentSends: SendLogEntry[];
  permissions: PermissionReport;
  settings: AgentSettings;
}

export interface ControllerDeps {
  credentials: CredentialStore;
  settings: SettingsStore;
  outbox: OutboxStore;
  transport: SmsTransport;
  runner: BackgroundRunner;
  permissions: PermissionsApi;
  /** What the phone says about itself when pairing (model, OS). */
  deviceInfo: () => Omit<PairDeviceInfo, 'appVersion' | 'sims'>;
  requestBatteryExemption: () => Promise<BatteryExemptionState>;
  /**
   * What each heartbeat says about the phone (battery, charging, signal, battery-optimisation
   * exemption), read anew every time; without it the heartbeat carries only the queue depth.
   */
  deviceStatus?: () => DeviceInfo | Promise<DeviceInfo>;
  /** Between heartbeats; the agent's 30 s unless said otherwise (tests). */
  heartbeatMs?: number;
  /** For pairing; the global fetch by default. */
  fetch?: typeof fetch;
  socketFactory?: (serverUrl: string, token: string) => AgentSocket;
  logger?: AgentLogger;
  now?: () => number;
  /** How often the screens' numbers (queue, budget) are refreshed while the agent runs. */
  refreshMs?: number;
  /** Whether this build may reach http:// servers (see pairing-link.ts); true unless said otherwise. */
  allowCleartext?: boolean;
  /** Persists "the gateway should run" (set on start, cleared on stop) for the restart at boot. */
  keepRunning?: (run: boolean) => Promise<void>;
}

const NO_PERMISSIONS: PermissionReport = {
  SEND_SMS: 'unrequested',
  RECEIVE_SMS: 'unrequested',
  READ_PHONE_STATE: 'unrequested',
  READ_PHONE_NUMBERS: 'unrequested',
  POST_NOTIFICATIONS: 'unrequested',
};

/**
 * The app's one piece of state: pairing, the agent's life in the background service, settings and
 * permissions. Screens read `state` (through `useControllerState`) and call the methods; nothing
 * here renders, so it is tested without a screen.
 */
export class AgentController {
  private current: ControllerState;
  private readonly listeners = new Set<() => void>();
  private readonly transport: PolicyTransport;
  private readonly store: ObservedOutboxStore;
  private readonly log = new SendLog();
  private agent: GatewayAgent | undefined;
  private token: string | undefined;
  private finish: (() => void) | undefined;
  private stopped: Promise<void> | undefined;
  private refreshTimer: ReturnType<typeof setInterval> | undefined;
  private loaded: Promise<void> | undefined;

  constructor(private readonly deps: ControllerDeps) {
    this.current = {
      phase: 'loading',
      connection: 'stopped',
      queueDepth: 0,
      budget: { limit: DEFAULT_SETTINGS.maxPartsPerMinute, used: 0, left: DEFAULT_SETTINGS.maxPartsPerMinute },
      throttle: { sendIntervalMs: 0, maxPerMinute: DEFAULT_SETTINGS.maxPartsPerMinute },
      sims: [],
      recentSends: [],
      permissions: NO_PERMISSIONS,
      settings: DEFAULT_SETTINGS,
    };
    this.transport = new PolicyTransport(deps.transport, () => this.current.settings, deps.now);
    this.store = new ObservedOutboxStore(deps.outbox, (changes) => {
      this.log.apply(changes);
      this.refresh();
    });
  }

  get state(): ControllerState {
    return this.current;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): ControllerState => this.current;

  /** Resolves once the outbox writes begun so far are durable (see ObservedOutboxStore.settled). */
  whenStored(): Promise<void> {
    return this.store.settled();
  }

  /**
   * Reads what was stored: pairing, settings, the outbox for the log, the grants. Once per
   * controller: a screen mounted again, or the background task, gets the same promise, and a
   * reload under a running agent would rewind what the screens show.
   */
  init(): Promise<void> {
    this.loaded ??= this.load();
    return this.loaded;
  }

  private async load(): Promise<void> {
    let credentials: Credentials | undefined;
    let settings = DEFAULT_SETTINGS;
    try {
      [credentials, settings] = await Promise.all([this.deps.credentials.load(), this.deps.settings.load()]);
    } catch (error) {
      // Never stuck on the loading screen: the user can pair again.
      this.set({
        error: { code: 'STORAGE_FAILURE', message: `the stored pairing could not be read: ${String(error)}` },
      });
    }
    this.token = credentials?.token;
    this.set({
      settings,
      phase: credentials ? 'paired' : 'unpaired',
      ...(credentials ? { serverUrl: credentials.serverUrl, deviceId: credentials.deviceId } : {}),
    });
    await this.refreshPermissions();
    try {
      await this.store.load();
    } catch (error) {
      this.set({ error: { code: 'STORAGE_FAILURE', message: `the outbox could not be read: ${String(error)}` } });
    }
    await this.refreshSims();
  }

  /** Exchanges the console's one-time code for this phone's id and token. Throws `PairingError`. */
  async pair(serverUrl: string, code: string): Promise<void> {
    const sims = await this.transport.listSims().catch((): SimInfo[] => []);
    const paired = await pairDevice(
      serverUrl,
      code,
      { ...this.deps.deviceInfo(), appVersion: APP_VERSION, sims },
      this.deps.fetch ? { fetch: this.deps.fetch } : {},
    );
    await this.deps.credentials.save({ serverUrl, deviceId: paired.deviceId, token: paired.token });
    this.token = paired.token;
    this.set({ phase: 'paired', serverUrl, deviceId: paired.deviceId, error: undefined });
  }

  /** Stops the agent, forgets the pairing and the outbox of the old pairing. */
  async unpair(): Promise<void> {
    await this.stop();
    await this.deps.credentials.clear();
    this.token = undefined;
    const snapshot = await this.deps.outbox.load();
    await this.deps.outbox.apply({
      delete: snapshot.entries.map((e) => e.id),
      deleteInbound: snapshot.inbound.map((i) => i.key),
    });
    this.log.clear();
    this.set({
      phase: 'unpaired',
      serverUrl: undefined,
      deviceId: undefined,
      serverConfig: undefined,
      error: undefined,
    });
    this.refresh();
  }

  /** Starts the background service running the agent. Refuses without SEND_SMS: a phone that cannot send must not take messages. */
  async start(): Promise<void> {
    if (this.agent || this.deps.runner.isRunning()) {
      return;
    }
    const launched = await this.launch();
    if (!launched) {
      return;
    }
    try {
      await this.deps.runner.start(() => launched.stopped);
    } catch (error) {
      // Without the foreground service Android would freeze the agent within minutes: do not pretend.
      await this.stop();
      this.set({
        connection: 'stopped',
        error: { code: 'BACKGROUND_SERVICE_FAILED', message: `the background service did not start: ${String(error)}` },
      });
    }
  }

  /**
   * The background service's task when Android, not the user, started the service: after a reboot
   * or an update (RestartReceiver), or when it restarts the service after the process died. Runs
   * the agent inside that service and resolves when the agent stops, which ends the service.
   */
  async runInService(): Promise<void> {
    await this.init();
    if (this.agent) {
      return this.stopped;
    }
    const launched = await this.launch();
    return launched?.stopped;
  }

  /**
   * Starts the agent; `stopped` resolves when it stops. Undefined when it cannot start. (Wrapped:
   * an async function that returned the promise itself would wait for it.)
   */
  private async launch(): Promise<{ stopped: Promise<void> } | undefined> {
    const { serverUrl } = this.current;
    const token = this.token;
    if (serverUrl === undefined || token === undefined) {
      this.set({ error: { code: 'NOT_PAIRED', message: 'Pair this phone with a server first.' } });
      return undefined;
    }
    if (isRefusedCleartext(serverUrl, this.deps.allowCleartext ?? true)) {
      // Paired by an older version or a development build: Android would refuse every connection.
      this.set({ error: { code: 'CLEARTEXT_NOT_PERMITTED', message: CLEARTEXT_REFUSED } });
      return undefined;
    }
    await this.refreshPermissions();
    if (!canSend(this.current.permissions)) {
      this.set({
        error: {
          code: 'SEND_SMS_DENIED',
          message: 'Allow sending SMS first: without it the phone cannot be a sender.',
        },
      });
      return undefined;
    }
    if (this.agent) {
      // Another start won the race while the permissions were read.
      return undefined;
    }
    const agent = this.createAgent(serverUrl, token);
    this.agent = agent;
    this.set({ connection: 'connecting', error: undefined });
    const stopped = new Promise<void>((resolve) => {
      this.finish = resolve;
    });
    this.stopped = stopped;
    agent.start().catch((error: unknown) => this.onAgentError(agent, error));
    this.refreshTimer = setInterval(() => this.refresh(), this.deps.refreshMs ?? 1_000);
    await this.setKeepRunning(true);
    return { stopped };
  }

  async stop(): Promise<void> {
    const agent = this.agent;
    this.agent = undefined;
    clearInterval(this.refreshTimer);
    this.refreshTimer = undefined;
    await agent?.stop();
    this.finish?.();
    this.finish = undefined;
    this.stopped = undefined;
    // Any stop (the user's, a refusal, unpairing) means: do not start again at boot.
    await this.setKeepRunning(false);
    if (this.deps.runner.isRunning()) {
      await this.deps.runner.stop();
    }
    this.set({ connection: this.current.connection === 'refused' ? 'refused' : 'stopped' });
    this.refresh();
  }

  async updateSettings(patch: Partial<AgentSettings>): Promise<void> {
    const settings = { ...this.current.settings, ...patch };
    await this.deps.settings.save(settings);
    this.set({ settings });
    await this.refreshSims();
  }

  async refreshPermissions(): Promise<void> {
    try {
      this.set({ permissions: await checkPermissions(this.deps.permissions, this.current.permissions) });
    } catch (error) {
      // Shown as not granted (the initial state): a failed check must not read as a grant.
      this.deps.logger?.error('could not check the permissions', { error: String(error) });
    }
  }

  async requestPermissions(): Promise<void> {
    const permissions = await requestPermissions(this.deps.permissions, this.current.permissions);
    this.set({ permissions });
    await this.refreshSims();
  }

  async requestBatteryExemption(): Promise<void> {
    await this.updateSettings({ batteryExemption: await this.deps.requestBatteryExemption() });
  }

  /** Queue, budget and connection, from the agent and the transport; cheap, so it runs on a timer. */
  refresh(): void {
    const agent = this.agent;
    const local = this.transport.budget();
    const throttle = agent?.throttleConfig ?? {
      sendIntervalMs: 0,
      maxPerMinute: this.current.settings.maxPartsPerMinute,
    };
    // The server's 0 means "no limit from the server": the phone's ceiling still holds.
    const limit = throttle.maxPerMinute > 0 ? Math.min(throttle.maxPerMinute, local.limit) : local.limit;
    this.set({
      queueDepth: this.log.queueDepth,
      lastMessageAt: this.log.lastMessageAt,
      recentSends: this.log.recent(),
      throttle,
      budget: { limit, used: local.used, left: Math.max(0, limit - local.used) },
    });
  }

  private async setKeepRunning(run: boolean): Promise<void> {
    try {
      await this.deps.keepRunning?.(run);
    } catch (error) {
      // The agent runs either way; only the restart after a reboot is at stake.
      this.deps.logger?.warn('could not record whether the gateway should run', { error: String(error) });
    }
  }

  private async refreshSims(): Promise<void> {
    try {
      const disabled = this.current.settings.disabledSimSlots;
      const sims = await this.transport.allSims();
      this.set({ sims: sims.map((sim) => ({ ...sim, enabled: !disabled.includes(sim.slot) })) });
    } catch (error) {
      this.deps.logger?.warn('could not list the SIMs', { error: String(error) });
      this.set({ sims: [] });
    }
  }

  private createAgent(serverUrl: string, token: string): GatewayAgent {
    const makeSocket = this.deps.socketFactory ?? defaultSocketFactory;
    const agent = new GatewayAgent({
      serverUrl,
      token,
      transport: this.transport,
      store: this.store,
      appVersion: APP_VERSION,
      throttle: { maxPerMinute: this.current.settings.maxPartsPerMinute },
      // The native queue's id when the SMS came from it (the agent asks while being handed the SMS):
      // an SMS handed over again after a lost ack reaches the server under the same id.
      idFactory: () => this.transport.incomingIdInHand() ?? inboundId(),
      ...(this.deps.logger ? { logger: this.deps.logger } : {}),
      ...(this.deps.deviceStatus ? { deviceInfo: this.deps.deviceStatus } : {}),
      ...(this.deps.heartbeatMs !== undefined ? { heartbeatMs: this.deps.heartbeatMs } : {}),
      socketFactory: (url, secret) => {
        const socket = makeSocket(url, secret);
        // Shown on the status screen; the agent applies the same event itself.
        socket.on('device.config', (payload) => {
          const config = parseDeviceConfig(payload);
          if (config) {
            this.set({ serverConfig: { ...this.current.serverConfig, ...config } });
            // This listener runs before the agent's own: read its throttle once that has applied.
            void Promise.resolve().then(() => this.refresh());
          }
        });
        return socket;
      },
    });
    agent.on('ready', ({ deviceId }) => {
      if (this.agent === agent) {
        this.set({ connection: 'online', deviceId });
        void this.deps.runner.setStatus('Online: ready to send').catch(() => {});
      }
    });
    agent.on('disconnected', () => {
      if (this.agent === agent) {
        this.set({ connection: 'offline' });
        void this.deps.runner.setStatus('Offline: reconnecting…').catch(() => {});
      }
    });
    agent.on('fatal', (error) => this.onAgentError(agent, error));
    return agent;
  }

  private onAgentError(agent: GatewayAgent, error: unknown): void {
    if (this.agent !== agent) {
      return;
    }
    if (error instanceof AgentError && error.code === 'STOPPED') {
      return;
    }
    const code = error instanceof AgentError || error instanceof PairingError ? error.code : 'AGENT_FAILED';
    const message = error instanceof Error ? error.message : String(error);
    this.set({ connection: 'refused', error: { code, message } });
    void this.stop();
  }

  private set(patch: Partial<ControllerState>): void {
    const next = { ...this.current, ...patch };
    if (shallowEqual(next, this.current)) {
      return;
    }
    this.current = next;
    for (const listener of [...this.listeners]) {
      listener();
    }
  }
}

/** Ids for received SMS: unique per phone; the server only uses them to drop a repeated SMS. */
function inboundId(): string {
  const random = globalThis.crypto?.randomUUID?.();
  return random ?? `in-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

function shallowEqual(a: ControllerState, b: ControllerState): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof ControllerState)[]);
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (x === y) {
      continue;
    }
    // Refreshed objects are rebuilt each tick: compare them by value so an idle screen does not re-render.
    if (typeof x === 'object' && typeof y === 'object' && JSON.stringify(x) === JSON.stringify(y)) {
      continue;
    }
    return false;
  }
  return true;
}
