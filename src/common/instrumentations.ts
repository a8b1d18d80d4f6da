import type { IncomingMessage } from 'node:http';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { redactHttpSpan } from './span-privacy.js';

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
      // Query values, numbers in paths and secrets in webhook URLs never reach a span.
      requestHook: redactHttpSpan,
    }),
    // allowValues false (the default, said here on purpose): literals in graphql.source become "*",
    // and no argument or variable value is recorded.
    new GraphQLInstrumentation({ mergeItems: true, ignoreTrivialResolveSpans: true, allowValues: false }),
    // Statements with placeholders only: parameter values are not recorded (enhancedDatabaseReporting off).
    new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
    // The command name only: keys hold emails and addresses (sign-in limits), arguments hold job data.
    new IORedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: (command) => command }),
  ];
}
