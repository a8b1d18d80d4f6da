import { NodeSDK } from '@opentelemetry/sdk-node';
import { gatewayInstrumentations } from './common/instrumentations.js';

/**
 * Starts the OpenTelemetry SDK before Nest loads (main.ts and cli/start.ts import this first), so the
 * instrumentations patch http, pg, ioredis and graphql before anything requires them. Exporting is
 * off unless OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_TRACES_EXPORTER says where to; the standard OTEL_*
 * variables configure the rest (docs/operations.md). Context crosses the queue and the socket in
 * `traceparent` fields (common/trace.ts).
 */
// This module runs before config is loaded (it must be first), so it reads the OTEL_* variables directly.
const exporting = Boolean(process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_TRACES_EXPORTER);
if (!exporting) process.env.OTEL_TRACES_EXPORTER = 'none';
process.env.OTEL_METRICS_EXPORTER ??= 'none';
process.env.OTEL_LOGS_EXPORTER ??= 'none';
process.env.OTEL_SERVICE_NAME ??= 'sms-gateway';

export const otelSdk = new NodeSDK({ instrumentations: exporting ? gatewayInstrumentations() : [] });
otelSdk.start();

const shutdown = () => {
  otelSdk.shutdown().catch(() => undefined);
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
