import cluster from 'node:cluster';
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type { DemoPhoneInfo } from '@/cli/banner.js';
import type { AppConfig } from '@/config/app-config.js';
import type { BootstrapResult } from '@/modules/auth/auth.service.js';

/** One process's own metrics, as prom-client's `getMetricsAsJSON` gives them. */
export type ProcessMetrics = MetricObjectWithValues<MetricValue<string>>[];

/** What a child tells its primary over the cluster's IPC channel. */
export type ChildMessage =
  | { smsgw: 'ready'; url?: string; admin: BootstrapResult; phones: DemoPhoneInfo[] }
  /** The worker's demo phones wait for the api processes to listen. */
  | { smsgw: 'api-url-request' }
  /** A scrape of /metrics in this child: the primary gathers every child's own metrics. */
  | { smsgw: 'metrics-request'; id: number }
  | { smsgw: 'metrics-part'; id: number; metrics: ProcessMetrics };

/** What the primary tells a child. */
export type PrimaryMessage =
  | { smsgw: 'stop' }
  /** The api processes listen at `url`: the worker's demo phones may connect. */
  | { smsgw: 'api-url'; url: string }
  | { smsgw: 'metrics-collect'; id: number }
  | { smsgw: 'metrics'; id: number; parts: ProcessMetrics[] };

/** Only the gateway's own messages: Node's cluster and libraries use the same channel. */
export function isGatewayMessage<T extends { smsgw: string }>(message: unknown): message is T {
  return typeof message === 'object' && message !== null && typeof (message as { smsgw?: unknown }).smsgw === 'string';
}

/** True in a process a gateway primary forked (API_PROCESSES above 1). */
export function inClusterChild(): boolean {
  return cluster.isWorker && typeof process.send === 'function';
}

/**
 * What this process is: the primary of API_PROCESSES > 1, one of its children (the primary names
 * them in GATEWAY_PROCESS), or the one process of everything (API_PROCESSES=1, a worker-only
 * process, or a process some other cluster manager forked).
 */
export function processKind(config: AppConfig): 'primary' | 'child' | 'single' {
  if (inClusterChild() && config.GATEWAY_PROCESS) return 'child';
  return config.clustered && cluster.isPrimary ? 'primary' : 'single';
}

export function sendToPrimary(message: ChildMessage): void {
  // The channel closes when the primary dies; the child then exits (Node's cluster does that).
  if (process.connected) process.send?.(message);
}

/** Calls `listener` with each gateway message from the primary; returns the unsubscribe. */
export function onPrimaryMessage(listener: (message: PrimaryMessage) => void): () => void {
  const handler = (message: unknown) => {
    if (isGatewayMessage<PrimaryMessage>(message)) listener(message);
  };
  process.on('message', handler);
  return () => process.off('message', handler);
}
