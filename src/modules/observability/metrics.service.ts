import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, HttpAdapterHost } from '@nestjs/core';
import type { Queue } from 'bull';
import type { FastifyInstance } from 'fastify';
import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import {
  inClusterChild,
  onPrimaryMessage,
  sendToPrimary,
  type PrimaryMessage,
  type ProcessMetrics,
} from '@/cluster/ipc.js';
import { bullQueues } from '@/common/bull-queues.js';
import { AppConfig } from '@/config/app-config.js';
import type { LiveView } from '@/modules/carriers/carrier-state.js';
import { EventBus, OnEvent } from '@/modules/events/event-bus.js';
import type { MessageStatusChange, StatusCount } from '@/modules/events/events.js';
import { QueueName } from '@/modules/messages/queues.js';
import { WebhookQueue } from '@/modules/webhooks/queues.js';

/** Above this many online devices (or carriers) the per-id series give way to aggregates only. */
export const MAX_PER_ID_SERIES = 200;
/**
 * Database counts are global scans: frequent scrapes share one answer for this long. Each module
 * reads its own tables (request events `messages.gauges`, `webhooks.gauges`, `carriers.gauges`,
 * `devices.throttles`): this module sits below them and reads none.
 */
const DB_CACHE_MS = 5000;
/** `scheduled` messages this process saw, kept out of the dispatch latency (bounded memory). */
const SCHEDULED_MEMORY = 10_000;
/** How long a scrape in a cluster child waits for the primary's collection (which waits 2 s at most). */
const CLUSTER_WAIT_MS = 3000;

interface DbSnapshot {
  at: number;
  messages: StatusCount[];
  deadLetters: number;
  webhooks: StatusCount[];
  carriers: { id: string; enabled: boolean }[];
  throttles: Map<string, number>;
}

/** The creation time a UUIDv7 carries in its first 48 bits (message ids are v7, src/common/ids.ts). */
export function uuid7Time(id: string): number | null {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7/i.test(id)) return null;
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

/**
 * Prometheus registries per application (tests run several in one process). Counters and
 * histograms are fed by events in this process (`registry`, with Node's process metrics); gauges
 * are read from PostgreSQL, Redis and the queues when Prometheus scrapes (`shared`): the same
 * answer from any process. No label carries a phone number, a body, or an unbounded id (device and
 * carrier ids are capped at MAX_PER_ID_SERIES).
 *
 * Under API_PROCESSES > 1 a scrape reaches one api process; it serves the shared gauges once and
 * every process's own series (the worker's too) labelled `process="api-1"`, `"worker"`…, which
 * the cluster's primary gathers. Each process's counters start over when it restarts, as a
 * separate instance's would: `rate()` and `sum by` work as usual.
 */
@Injectable()
export class MetricsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MetricsService.name);
  readonly registry = new Registry();
  private readonly shared = new Registry();
  private db: DbSnapshot | null = null;
  private readonly scheduled = new Set<string>();
  /** This process's name among the cluster's children, or undefined in a single process. */
  private readonly clusterName?: string;
  private readonly clusterRequests = new Map<number, (parts: ProcessMetrics[]) => void>();
  private nextClusterRequest = 0;
  private stopListening?: () => void;

  private readonly httpDuration = new Histogram({
    name: 'smsgw_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly statusChanges = new Counter({
    name: 'smsgw_messages_status_changes_total',
    help: 'Message status changes committed by this process, by status and channel kind',
    labelNames: ['status', 'channel'] as const,
    registers: [this.registry],
  });
  private readonly dispatchLatency = new Histogram({
    name: 'smsgw_dispatch_latency_seconds',
    help: 'From message creation (its UUIDv7 id) to handover to a channel (status sending); scheduled messages excluded',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
    registers: [this.registry],
  });
  private readonly messages = this.gauge('smsgw_messages', 'Messages by current status (all accounts)', ['status']);
  private readonly queueJobs = this.gauge('smsgw_queue_jobs', 'Bull queue jobs by state', ['queue', 'state']);
  private readonly queueAge = this.gauge(
    'smsgw_queue_oldest_waiting_age_seconds',
    'Age of the oldest waiting job since it became due (0 when none waits)',
    ['queue'],
  );
  private readonly deadLetters = this.gauge('smsgw_dead_letters', 'Rows in the dead-letter queue (dead_letters)', []);
  private readonly devicesOnline = this.gauge('smsgw_devices_online', 'Devices present with a recent sign of life', []);
  private readonly deviceRate = this.gauge(
    'smsgw_device_sent_parts_last_minute',
    `SMS parts handed to each online device in the last minute (only while at most ${MAX_PER_ID_SERIES} are online)`,
    ['device_id'],
  );
  private readonly deviceHeadroom = this.gauge(
    'smsgw_device_throttle_headroom_parts',
    'Parts a device may still take this minute under its partsPerMinute (devices with a limit only)',
    ['device_id'],
  );
  private readonly fleetRate = this.gauge(
    'smsgw_devices_sent_parts_last_minute',
    'SMS parts handed to all online devices in the last minute',
    [],
  );
  private readonly fleetExhausted = this.gauge(
    'smsgw_devices_throttle_exhausted',
    'Online devices with no partsPerMinute headroom left',
    [],
  );
  private readonly carrierUp = this.gauge(
    'smsgw_carrier_up',
    'Carrier connection: 1 when bound, 0 otherwise; state is bound|connecting|reconnecting|down|disabled|idle',
    ['carrier_id', 'state'],
  );
  private readonly webhookDeliveries = this.gauge(
    'smsgw_webhook_deliveries_last_hour',
    'Webhook deliveries created in the last hour by status (pending = not yet delivered, retrying)',
    ['status'],
  );
  private readonly collectErrors = new Counter({
    name: 'smsgw_metrics_collect_errors_total',
    help: 'Sources a scrape could not read (the other series are still served)',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  private queueMap?: Map<string, Queue>;

  constructor(
    private readonly config: AppConfig,
    private readonly events: EventBus,
    private readonly discovery: DiscoveryService,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'smsgw_' });
    if (inClusterChild() && config.GATEWAY_PROCESS) {
      this.clusterName = config.GATEWAY_PROCESS;
      this.registry.setDefaultLabels({ process: this.clusterName });
    }
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  onModuleInit(): void {
    if (this.clusterName) this.stopListening = onPrimaryMessage((message) => this.onPrimary(message));
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    // onResponse sees every answer, errors and 404s included; routes get hooks when Fastify is ready.
    fastify?.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      this.httpDuration.observe(
        { method: request.method, route, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
      done();
    });
  }

  onModuleDestroy(): void {
    this.stopListening?.();
  }

  async exposition(): Promise<string> {
    const [processes] = await Promise.all([
      this.processes(),
      this.source('database', () => this.collectDatabase()),
      this.source('queues', () => this.collectQueues()),
      this.source('fleet', () => this.collectFleet()),
      this.source('carriers', () => this.collectCarriers()),
    ]);
    return Registry.merge([this.shared, processes]).metrics();
  }

  /** This process's own series; in a cluster child, every child's, through the primary. */
  private async processes(): Promise<Registry> {
    if (!this.clusterName) return this.registry;
    const parts = await this.askPrimary();
    if (parts === null) {
      this.collectErrors.inc({ source: 'processes' });
      this.logger.warn('metrics: the other processes did not answer; serving this one only');
      return this.registry;
    }
    // Each child's series carry its `process` label, so nothing is summed or averaged: the
    // aggregation only puts the families together ('omit' would drop the start times).
    for (const metric of parts.flat()) metric.aggregator = 'sum';
    return AggregatorRegistry.aggregate(parts);
  }

  private askPrimary(): Promise<ProcessMetrics[] | null> {
    const id = ++this.nextClusterRequest;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.clusterRequests.delete(id);
        resolve(null);
      }, CLUSTER_WAIT_MS);
      this.clusterRequests.set(id, (parts) => {
        clearTimeout(timer);
        this.clusterRequests.delete(id);
        resolve(parts);
      });
      sendToPrimary({ smsgw: 'metrics-request', id });
    });
  }

  private onPrimary(message: PrimaryMessage): void {
    if (message.smsgw === 'metrics-collect') {
      this.registry
        .getMetricsAsJSON()
        .then((metrics) => sendToPrimary({ smsgw: 'metrics-part', id: message.id, metrics }))
        .catch((error: unknown) => this.logger.warn({ err: error }, 'metrics: could not read this process'));
    } else if (message.smsgw === 'metrics') {
      this.clusterRequests.get(message.id)?.(message.parts);
    }
  }

  @OnEvent('message.status')
  onStatus(change: MessageStatusChange): void {
    this.statusChanges.inc({ status: change.status, channel: change.deviceId ? 'device' : 'other' });
    if (change.status === 'scheduled') {
      if (this.scheduled.size >= SCHEDULED_MEMORY) this.scheduled.clear();
      this.scheduled.add(change.messageId);
    } else if (change.status === 'sending') {
      const created = uuid7Time(change.messageId);
      if (!this.scheduled.delete(change.messageId) && created !== null) {
        this.dispatchLatency.observe(Math.max(0, change.at.getTime() - created) / 1000);
      }
    }
  }

  private async snapshot(): Promise<DbSnapshot> {
    if (this.db && Date.now() - this.db.at < DB_CACHE_MS) return this.db;
    const [messages, webhooks, { carriers }, throttles] = await Promise.all([
      this.events.request('messages.gauges', undefined),
      this.events.request('webhooks.gauges', undefined),
      this.events.request('carriers.gauges', { limit: MAX_PER_ID_SERIES + 1 }),
      this.events.request('devices.throttles', undefined),
    ]);
    this.db = {
      at: Date.now(),
      messages: messages.byStatus,
      deadLetters: messages.deadLetters,
      webhooks: webhooks.deliveriesLastHour,
      carriers,
      throttles,
    };
    return this.db;
  }

  private async collectDatabase(): Promise<void> {
    const db = await this.snapshot();
    this.messages.reset();
    for (const { status, n } of db.messages) this.messages.set({ status }, n);
    this.deadLetters.set(db.deadLetters);
    this.webhookDeliveries.reset();
    for (const status of ['pending', 'delivered', 'failed']) this.webhookDeliveries.set({ status }, 0);
    for (const { status, n } of db.webhooks) this.webhookDeliveries.set({ status }, n);
  }

  /** The queues this process has (an api-only process may lack the webhooks queue). */
  private get queues(): Map<string, Queue> {
    this.queueMap ??= bullQueues(this.discovery);
    return this.queueMap;
  }

  private async collectQueues(): Promise<void> {
    this.queueJobs.reset();
    this.queueAge.reset();
    const now = Date.now();
    for (const name of [QueueName.Dispatch, WebhookQueue.Webhooks] as string[]) {
      const queue = this.queues.get(name);
      if (!queue) continue;
      const counts = await queue.getJobCounts();
      for (const [state, n] of Object.entries(counts)) this.queueJobs.set({ queue: name, state }, Number(n));
      const [oldest] = await queue.getWaiting(0, 0);
      const due = oldest ? oldest.timestamp + (oldest.opts.delay ?? 0) : now;
      this.queueAge.set({ queue: name }, Math.max(0, now - due) / 1000);
    }
  }

  /** Reads the fleet keys FleetState writes (DESIGN.md §1), through the dispatch queue's Redis client. */
  private async collectFleet(): Promise<void> {
    const queue = this.queues.get(QueueName.Dispatch);
    if (!queue) return;
    const redis = queue.client;
    const prefix = `${this.config.REDIS_PREFIX}:fleet:`;
    const now = Date.now();
    const online = await redis.zrangebyscore(
      `${prefix}online`,
      now - this.config.DEVICE_OFFLINE_AFTER_SECONDS * 1000,
      '+inf',
    );
    this.devicesOnline.set(online.length);
    const pipeline = redis.pipeline();
    for (const id of online) pipeline.zrangebyscore(`${prefix}dev:${id}:log`, `(${now - 60_000}`, '+inf');
    const logs = (await pipeline.exec()) ?? [];
    const { throttles } = await this.snapshot();
    const perDevice = online.length <= MAX_PER_ID_SERIES;
    this.deviceRate.reset();
    this.deviceHeadroom.reset();
    let total = 0;
    let exhausted = 0;
    online.forEach((id, i) => {
      // Members are `<message>:<attempt>:<parts>` (fleet.scripts.ts RESERVE).
      const members = (logs[i]?.[1] ?? []) as string[];
      const parts = members.reduce((sum, m) => sum + (Number(m.split(':')[2]) || 1), 0);
      total += parts;
      const limit = throttles.get(id) ?? this.config.DEVICE_DEFAULT_PARTS_PER_MINUTE;
      const headroom = Math.max(0, limit - parts);
      if (limit > 0 && headroom === 0) exhausted += 1;
      if (!perDevice) return;
      this.deviceRate.set({ device_id: id }, parts);
      if (limit > 0) this.deviceHeadroom.set({ device_id: id }, headroom);
    });
    this.fleetRate.set(total);
    this.fleetExhausted.set(exhausted);
  }

  private async collectCarriers(): Promise<void> {
    const { carriers } = await this.snapshot();
    this.carrierUp.reset();
    const shown = carriers.slice(0, MAX_PER_ID_SERIES);
    const live =
      (await this.events.request(
        'carriers.live-state',
        shown.filter((c) => c.enabled).map((c) => c.id),
      )) ?? new Map<string, LiveView>();
    for (const carrier of shown) {
      const state = carrier.enabled ? (live.get(carrier.id)?.state ?? 'idle') : 'disabled';
      this.carrierUp.set({ carrier_id: carrier.id, state }, state === 'bound' ? 1 : 0);
    }
  }

  private async source(name: string, collect: () => Promise<void>): Promise<void> {
    try {
      await collect();
    } catch (error) {
      this.collectErrors.inc({ source: name });
      this.logger.warn({ err: error }, `metrics: could not read ${name}`);
    }
  }

  private gauge<L extends string>(name: string, help: string, labelNames: L[]): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.shared] });
  }
}
