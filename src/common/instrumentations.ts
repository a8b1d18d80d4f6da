import type { IncomingMessage } from 'node:http';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';

/** Scrapes and probes would be most of the traces and tell nothing. */
const UNTRACED = /^\/(metrics|health|live|ready)(\/|\?|$)/;

/**
 * The gateway's automatic instrumentation: HTTP (server spans for the API and GraphQL, client spans
 * for webhooks and HTTP carriers), GraphQL, PostgreSQL and Redis. Database and Redis spans only
 * inside a trace: Bull's polling and the sweeps would otherwise each make a trace of their own.
 * Fastify has no instrumentation here (see ProblemFastifyAdapter, which names the HTTP span by route).
 */
export function gatewayInstrumentations() {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (req: IncomingMessage) => UNTRACED.test(req.url ?? ''),
    }),
    new GraphQLInstrumentation({ mergeItems: true, ignoreTrivialResolveSpans: true }),
    new PgInstrumentation({ requireParentSpan: true }),
    new IORedisInstrumentation({ requireParentSpan: true }),
  ];
}
