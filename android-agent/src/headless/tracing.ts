/**
 * The headless agent's own exporter: when the standard OTEL_* variables say where to send spans
 * (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_TRACES_EXPORTER), the phone spans of this process are
 * exported as service `sms-gateway-agent`. Otherwise nothing loads and the agent only forwards the
 * server's trace context (lib/trace.ts). Answers a function that flushes and stops the SDK.
 */
export async function startAgentTracing(env: NodeJS.ProcessEnv = process.env): Promise<() => Promise<void>> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_TRACES_EXPORTER) return () => Promise.resolve();
  env.OTEL_SERVICE_NAME ??= 'sms-gateway-agent';
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const sdk = new NodeSDK({ instrumentations: [] });
  sdk.start();
  return () => sdk.shutdown().catch(() => undefined);
}
