import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TimeInput,
} from '@opentelemetry/api';

/**
 * Trace context across the gateway's hand-overs (DESIGN.md §1, §5): the API's span travels in Bull
 * job data, in every Socket.IO payload and in the status events that feed webhooks, as W3C
 * `traceparent`/`tracestate`, so one trace shows API → queue → dispatch → phone → report → webhook.
 * Without a registered SDK (tracing off) every function here is a cheap no-op.
 */
export const tracer = trace.getTracer('sms-gateway');

/** W3C trace-context fields, as carried in job data and socket payloads. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** The active context as trace-context fields; empty when nothing is being traced. */
export function traceCarrier(ctx: Context = context.active()): TraceCarrier {
  const fields: Record<string, string> = {};
  propagation.inject(ctx, fields);
  return {
    ...(fields.traceparent ? { traceparent: fields.traceparent } : {}),
    ...(fields.tracestate ? { tracestate: fields.tracestate } : {}),
  };
}

/** The active span's traceparent, or null: what a status event records. */
export function activeTraceparent(): string | null {
  return traceCarrier().traceparent ?? null;
}

/**
 * The context to continue from a carrier that crossed a process boundary. A carrier without a
 * traceparent starts a new trace: work picked from a queue must not join whatever happened to be
 * active in the process that picked it.
 */
export function remoteContext(carrier: TraceCarrier | undefined): Context {
  if (!carrier?.traceparent) return ROOT_CONTEXT;
  const fields: Record<string, string> = { traceparent: carrier.traceparent };
  if (carrier.tracestate) fields.tracestate = carrier.tracestate;
  return propagation.extract(ROOT_CONTEXT, fields);
}

export interface TracedOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** Continue this remote context (job data, socket payload) instead of the active one. */
  remoteParent?: TraceCarrier;
  startTime?: TimeInput;
  /** Errors that are outcomes, not faults (a deferral, a refusal): recorded, the span stays OK. */
  expected?: (error: unknown) => boolean;
}

/** Runs `work` in a new active span that ends when it settles; a thrown error is recorded on it. */
export function traced<T>(name: string, options: TracedOptions, work: (span: Span) => Promise<T>): Promise<T> {
  const parent = 'remoteParent' in options ? remoteContext(options.remoteParent) : context.active();
  return tracer.startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, startTime: options.startTime },
    parent,
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        if (options.expected?.(error)) {
          span.setAttribute('outcome', error instanceof Error ? error.constructor.name : 'refused');
        } else {
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : undefined });
        }
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** A span for time already spent (waiting in a queue): from `start` to now, under `parent`. */
export function recordWait(name: string, parent: Context, start: number, attributes: Attributes = {}): void {
  if (!trace.getSpanContext(parent)) return;
  tracer.startSpan(name, { kind: SpanKind.INTERNAL, startTime: start, attributes }, parent).end();
}

export { SpanKind };
