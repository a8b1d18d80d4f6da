import cluster, { type Worker } from 'node:cluster';
import { pino, type Logger } from 'pino';
import type { DemoPhoneInfo } from '@/cli/banner.js';
import { processFields } from '@/common/logging.js';
import type { AppConfig, Role } from '@/config/app-config.js';
import { migrate } from '@/database/migrate.js';
import type { BootstrapResult } from '@/modules/auth/auth.service.js';
import { isGatewayMessage, type ChildMessage, type PrimaryMessage, type ProcessMetrics } from './ipc.js';

/** A child that dies is forked again after this, doubling per death in a row… */
const RESTART_BASE_MS = 500;
/** …up to this. */
const RESTART_MAX_MS = 30_000;
/** A child that lived this long died "for the first time": its back-off starts over. */
const STABLE_AFTER_MS = 30_000;
/** How long the children have to close (requests, sockets, queue jobs) before they are killed. */
const STOP_GRACE_MS = 10_000;
/** How long a scrape waits for the other processes' metrics; the ones that answered are served. */
const METRICS_WAIT_MS = 2000;

/** What the banner needs once every process is up. */
export interface ClusterUp {
  url?: string;
  admin: BootstrapResult;
  phones: DemoPhoneInfo[];
  /** For the banner: "2 api processes and a worker process". */
  processes: string;
}

interface Slot {
  /** `api-1`, `api-2`, …, `worker`: stable across restarts, unlike the pid. */
  name: string;
  role: Role;
  worker?: Worker;
  ready: boolean;
  startedAt: number;
  deaths: number;
  restart?: NodeJS.Timeout;
  report?: Extract<ChildMessage, { smsgw: 'ready' }>;
}

interface Collection {
  requester: Worker;
  requestId: number;
  parts: ProcessMetrics[];
  pending: number;
  timer: NodeJS.Timeout;
}

/**
 * The primary of API_PROCESSES > 1 (docs/architecture.md): it runs the
 * migrations once, forks API_PROCESSES api processes that share the port (node:cluster hands each
 * new connection to the next one) and, with the worker role, one worker process, then supervises
 * them. It loads no Nest, no pool and no queue, so nothing in it can stall or crash with a request:
 * it restarts a child that dies (with a back-off), relays the metrics of a scrape, and on SIGTERM
 * or SIGINT stops every child before it exits 0. `start` resolves once every child is ready; a
 * child that dies before that stops the rest and the primary exits 1, as one process that cannot
 * start does.
 */
export class ClusterPrimary {
  private readonly logger: Logger;
  private readonly slots: Slot[];
  private readonly collections = new Map<number, Collection>();
  private nextCollection = 0;
  private up = false;
  private stopping = false;
  private apiUrl?: string;
  private readonly waitingForUrl = new Set<Worker>();
  private exitCode = 0;
  private booted?: (up: ClusterUp) => void;

  constructor(private readonly config: AppConfig) {
    this.logger = pino({ level: config.LOG_LEVEL, base: processFields('primary') });
    this.slots = Array.from({ length: config.API_PROCESSES }, (_, i) => this.slot(`api-${i + 1}`, 'api'));
    if (config.has('worker')) this.slots.push(this.slot('worker', 'worker'));
  }

  async start(): Promise<ClusterUp> {
    process.on('SIGTERM', () => this.stop(0, 'SIGTERM'));
    process.on('SIGINT', () => this.stop(0, 'SIGINT'));
    if (this.config.MIGRATIONS_RUN) {
      const applied = await migrate(this.config.DATABASE_URL);
      if (applied.length > 0) this.logger.info({ migrations: applied }, 'migrations applied');
    }
    if (this.stopping) return new Promise<never>(() => undefined); // stopped while migrating: exiting
    cluster.on('exit', (worker, code, signal) => this.onExit(worker, code, signal));
    cluster.on('message', (worker, message: unknown) => {
      if (isGatewayMessage<ChildMessage>(message)) this.onMessage(worker, message);
    });
    const booted = new Promise<ClusterUp>((resolve) => {
      this.booted = resolve;
    });
    for (const slot of this.slots) this.fork(slot);
    return booted;
  }

  private slot(name: string, role: Role): Slot {
    return { name, role, ready: false, startedAt: 0, deaths: 0 };
  }

  private fork(slot: Slot): void {
    slot.restart = undefined;
    slot.ready = false;
    slot.startedAt = Date.now();
    // The child reads the same environment with these on top: one role, and its name.
    slot.worker = cluster.fork({
      ROLES: slot.role,
      GATEWAY_PROCESS: slot.name,
      API_PROCESSES: String(this.config.API_PROCESSES),
    });
    this.logger.info({ child: slot.name, childPid: slot.worker.process.pid }, `${slot.name} starting`);
  }

  private slotOf(worker: Worker): Slot | undefined {
    return this.slots.find((s) => s.worker === worker);
  }

  private onMessage(worker: Worker, message: ChildMessage): void {
    switch (message.smsgw) {
      case 'ready':
        this.onReady(worker, message);
        return;
      case 'api-url-request':
        if (this.apiUrl) this.send(worker, { smsgw: 'api-url', url: this.apiUrl });
        else this.waitingForUrl.add(worker);
        return;
      case 'metrics-request':
        this.collect(worker, message.id);
        return;
      case 'metrics-part': {
        const collection = this.collections.get(message.id);
        if (!collection) return; // answered after the wait
        collection.parts.push(message.metrics);
        if (--collection.pending === 0) this.answer(message.id);
        return;
      }
      default: {
        const unknown: never = message;
        this.logger.warn({ message: unknown }, 'unknown message from a child');
      }
    }
  }

  private onReady(worker: Worker, report: Extract<ChildMessage, { smsgw: 'ready' }>): void {
    const slot = this.slotOf(worker);
    if (!slot) return;
    slot.ready = true;
    slot.report = report;
    this.logger.info({ child: slot.name, childPid: worker.process.pid }, `${slot.name} ready`);
    if (slot.role === 'api' && report.url && !this.apiUrl) {
      const apis = this.slots.filter((s) => s.role === 'api');
      if (apis.every((s) => s.ready)) {
        this.apiUrl = report.url;
        for (const waiting of this.waitingForUrl) this.send(waiting, { smsgw: 'api-url', url: report.url });
        this.waitingForUrl.clear();
      }
    }
    if (!this.up && this.slots.every((s) => s.ready)) {
      this.up = true;
      const reports = this.slots.map((s) => s.report!);
      // Every process ran the bootstrap admin's check; at most one created it (an advisory lock).
      const admin = reports.find((r) => r.admin.created)?.admin ?? reports[0].admin;
      this.booted?.({
        url: this.apiUrl,
        admin,
        phones: reports.flatMap((r) => r.phones),
        processes: `${this.config.API_PROCESSES} api processes${this.config.has('worker') ? ' and a worker process' : ''}`,
      });
    }
  }

  private onExit(worker: Worker, code: number | null, signal: string | null): void {
    const slot = this.slotOf(worker);
    if (!slot) return;
    slot.worker = undefined;
    slot.ready = false;
    this.waitingForUrl.delete(worker);
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (this.stopping) {
      this.logger.info({ child: slot.name, code, signal }, `${slot.name} stopped (${how})`);
      if (this.slots.every((s) => !s.worker)) this.exit();
      return;
    }
    if (!this.up) {
      // As with one process: a gateway that cannot start says so and exits, it does not loop.
      this.logger.error(
        { child: slot.name, code, signal },
        `${slot.name} exited while starting (${how}); its error is above. Stopping.`,
      );
      this.stop(1);
      return;
    }
    if (Date.now() - slot.startedAt >= STABLE_AFTER_MS) slot.deaths = 0;
    slot.deaths += 1;
    const delay = Math.min(RESTART_BASE_MS * 2 ** (slot.deaths - 1), RESTART_MAX_MS);
    this.logger.error(
      { child: slot.name, code, signal, restartInMs: delay },
      `${slot.name} exited (${how}); restarting it in ${delay} ms`,
    );
    slot.restart = setTimeout(() => this.fork(slot), delay);
  }

  /**
   * A scrape of /metrics in one child: every ready child sends its own metrics (process, HTTP,
   * dispatch), each labelled with its name; the requester adds the gauges read from PostgreSQL and
   * Redis once. A child that does not answer within METRICS_WAIT_MS is left out of this scrape.
   */
  private collect(requester: Worker, requestId: number): void {
    const id = ++this.nextCollection;
    const targets = this.slots.filter((s) => s.ready && s.worker?.isConnected());
    const collection: Collection = {
      requester,
      requestId,
      parts: [],
      pending: targets.length,
      timer: setTimeout(() => this.answer(id), METRICS_WAIT_MS),
    };
    this.collections.set(id, collection);
    for (const slot of targets) this.send(slot.worker!, { smsgw: 'metrics-collect', id });
    if (targets.length === 0) this.answer(id);
  }

  private answer(id: number): void {
    const collection = this.collections.get(id);
    if (!collection) return;
    this.collections.delete(id);
    clearTimeout(collection.timer);
    this.send(collection.requester, { smsgw: 'metrics', id: collection.requestId, parts: collection.parts });
  }

  private send(worker: Worker, message: PrimaryMessage): void {
    if (worker.isConnected()) worker.send(message);
  }

  /**
   * Stops every child, then exits with `code`. A signal that comes again changes nothing: one
   * stop often brings two (`timeout`, a terminal or a container runtime signal the whole process
   * group as well as the primary), and the children take it as a stop too.
   */
  stop(code: number, signal?: string): void {
    if (this.stopping) return;
    this.stopping = true;
    this.exitCode = code;
    if (signal) this.logger.info(`${signal}: stopping ${this.slots.length} processes`);
    for (const slot of this.slots) {
      clearTimeout(slot.restart);
      slot.restart = undefined;
      if (!slot.worker) continue;
      if (slot.worker.isConnected()) this.send(slot.worker, { smsgw: 'stop' });
      else slot.worker.process.kill('SIGTERM');
    }
    setTimeout(() => {
      for (const slot of this.slots) {
        if (!slot.worker) continue;
        this.logger.warn({ child: slot.name }, `${slot.name} did not stop within ${STOP_GRACE_MS} ms: killed`);
        slot.worker.process.kill('SIGKILL');
      }
    }, STOP_GRACE_MS).unref();
    if (this.slots.every((s) => !s.worker)) this.exit();
  }

  private exit(): void {
    this.logger.info(`all processes stopped; exiting with ${this.exitCode}`);
    // pino writes synchronously to stdout (no transport), so the line is out before the exit.
    process.exit(this.exitCode);
  }
}
