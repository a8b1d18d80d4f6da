import {
  isSpanContextValid,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import { TRACEPARENT, type Traced } from './protocol.js';

/**
 * The phone's part of the message's trace (DESIGN.md §5: every payload carries `traceparent`). Each
 * accepted message gets a span that continues the server's hand-over; its status reports carry that
 * span's context, so the server's report handling and the webhook hang under the phone's send. Only
 * @opentelemetry/api is used: where a tracer provider is registered (headless with OTEL_* set, or in
 * the gateway's process) the span is recorded; elsewhere it is a no-op and reports carry the
 * server's context unchanged, which still joins them to the trace.
 */
const tracer = trace.getTracer('sms-gateway-agent');

export function parseTraceparent(value: string | undefined): SpanContext | undefined {
  const match = value ? TRACEPARENT.exec(value) : null;
  if (!match || match[1] === 'ff') return undefined;
  const context: SpanContext = {
    traceId: match[2],
    spanId: match[3],
    traceFlags: Number.parseInt(match[4], 16),
    isRemote: true,
  };
  return isSpanContextValid(context) ? context : undefined;
}

export function formatTraceparent(context: SpanContext): string {
  return `00-${context.traceId}-${context.spanId}-${(context.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

export interface PhoneSpan {
  /** The trace fields the message's reports carry from now on. */
  readonly carrier: Traced;
  end(outcome: { status: string; errorCode?: string }): void;
}

/** Starts the phone's span for one message; without a parent there is nothing to continue. */
export function startPhoneSpan(messageId: string, parent: Traced, attributes: Record<string, string | number> = {}) {
  const remote = parseTraceparent(parent.traceparent);
  if (!remote) return undefined;
  const span: Span = tracer.startSpan(
    'phone sms.send',
    { kind: SpanKind.CLIENT, attributes: { 'sms.message.id': messageId, ...attributes } },
    trace.setSpanContext(ROOT_CONTEXT, remote),
  );
  const own = span.spanContext();
  const carrier: Traced = {
    traceparent: isSpanContextValid(own) ? formatTraceparent(own) : parent.traceparent,
    ...(parent.tracestate ? { tracestate: parent.tracestate } : {}),
  };
  return {
    carrier,
    end: ({ status, errorCode }: { status: string; errorCode?: string }) => {
      span.setAttribute('sms.status', status);
      if (errorCode) {
        span.setAttribute('sms.error_code', errorCode);
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode });
      }
      span.end();
    },
  } satisfies PhoneSpan;
}
