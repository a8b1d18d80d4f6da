import { pipeline, Transform, type Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  visit,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import mercurius, { type MercuriusContext, type MercuriusOptions } from 'mercurius';
import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { checkCost, checkShape, GRAPHQL_LIMITS, looksLikeJsonDocument, QueryTooComplex } from './graphql-limits.js';
import { AppError, Unauthenticated, type ErrorCode } from './errors.js';
import { fromFastify } from './problem.filter.js';
import { findUnsafeInput } from './safe-input.js';

/** Whoever verifies bearer tokens (AuthService): any defect is an Unauthenticated error. */
export interface TokenVerifier {
  authenticate(authorization: unknown): Promise<unknown>;
}

const { ErrorWithProps } = mercurius;

type MercuriusHooksObject = NonNullable<MercuriusDriverConfig['hooks']>;

/** An error Mercurius answers with this HTTP status and `extensions` (its formatter reads both). */
function refusal(message: string, code: ErrorCode, status: number): Error {
  return new ErrorWithProps(message, { code, status }, status);
}

/** Validation rules every document gets besides GraphQL's own (which Mercurius always runs). */
export function validationRules(introspection: boolean): ValidationRule[] {
  return introspection ? [] : [NoSchemaIntrospectionCustomRule];
}

const PARSED_FROM_STRING = Symbol('graphql:parsed-from-string');
type SubscriptionMarks = MercuriusContext & { [PARSED_FROM_STRING]?: unknown };

/**
 * The limits as Mercurius hooks. HTTP: the source is checked before parsing (no JSON documents),
 * the parsed document before validation (size, depth, aliases, mutations: a cached document was
 * checked when it was first seen), and the cost once the variables are known. Subscriptions
 * (graphql-ws) have no validation step in Mercurius at all, so theirs runs here in full.
 */
export function limitHooks(introspection: boolean): MercuriusHooksObject {
  const rules = [...specifiedRules, ...validationRules(introspection)];
  return {
    preParsing: (_schema, source) => refuseJsonDocument(source),
    preValidation: (_schema, document) => checkShape(document),
    preExecution: (schema, document, _context, variables) => {
      checkSafeText(document, variables);
      checkCostOfEveryOperation(schema, document, variables as Record<string, unknown> | undefined);
    },
    preSubscriptionParsing: (_schema, source, context) => {
      refuseJsonDocument(source);
      // Mercurius parsed it already, without a token limit; the 64 KiB message limit bounds that.
      parseWithLimit(source);
      (context as SubscriptionMarks)[PARSED_FROM_STRING] = source;
    },
    preSubscriptionExecution: (schema, document, context) => {
      // Mercurius takes a non-string `query` in a subscribe message as a ready-made document.
      if ((context as SubscriptionMarks)[PARSED_FROM_STRING] === undefined) {
        throw refusal('query must be a GraphQL document as a string', 'VALIDATION_FAILED', 400);
      }
      checkShape(document);
      checkSafeText(document, undefined);
      const errors = validate(schema, document, rules);
      if (errors.length > 0) throw refusal(errors.map((e) => e.message).join('; '), 'VALIDATION_FAILED', 400);
      checkCostOfEveryOperation(schema, document, {});
    },
  };
}

/**
 * NUL (which PostgreSQL cannot store) and lone surrogates are refused in string literals and in
 * variables alike, as the REST pipe refuses them in bodies: before anything reaches a resolver.
 */
function checkSafeText(document: DocumentNode, variables: unknown): void {
  let problem = variables === undefined ? null : findUnsafeInput(variables, '');
  if (problem) {
    // Named as REST names it: the field within the input, without the variable's own name.
    const field = problem.field.replace(/^[^.[]+(\.|(?=\[))/, '') || problem.field;
    problem = { field, message: problem.message.replace(problem.field, field) };
  } else {
    visit(document, {
      StringValue(node, _key, parent) {
        if (problem) return;
        // The argument or input field the literal is given for, when it has a name.
        const named =
          parent && !Array.isArray(parent) && 'name' in parent ? (parent as { name?: { value?: unknown } }) : {};
        const field = typeof named.name?.value === 'string' ? named.name.value : '';
        problem = findUnsafeInput(node.value, field);
      },
    });
  }
  if (!problem) return;
  // An SMS body answers INVALID_BODY, as REST does (DESIGN.md section 3); any other field VALIDATION_FAILED.
  const code: ErrorCode = /(^|\.)body$/.test(problem.field) ? 'INVALID_BODY' : 'VALIDATION_FAILED';
  const status = code === 'INVALID_BODY' ? 422 : 400;
  throw new ErrorWithProps(problem.message, { code, status, errors: [problem] }, status);
}

function refuseJsonDocument(source: string): void {
  if (looksLikeJsonDocument(source)) {
    throw refusal('query must be a GraphQL document as a string, not a parsed one', 'VALIDATION_FAILED', 400);
  }
}

function parseWithLimit(source: string): DocumentNode {
  try {
    return parse(source, { maxTokens: GRAPHQL_LIMITS.tokens });
  } catch (error) {
    const message = (error as Error).message;
    if (message.includes('tokens')) throw new QueryTooComplex(tokenLimitMessage, 'tokens');
    throw refusal(message, 'VALIDATION_FAILED', 400);
  }
}

const tokenLimitMessage = `The document has more than ${GRAPHQL_LIMITS.tokens} tokens`;

/** Without the operation's name here, every operation of the document must be within the cost. */
function checkCostOfEveryOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
): void {
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) checkCost(schema, document, variables, definition.name?.value);
  }
}

interface MercuriusError {
  message: string;
  originalError?: Error & { code?: string; statusCode?: number; errors?: { message: string }[] };
}

/**
 * What a request refused by Mercurius or Fastify stands for (body parsing, syntax, validation,
 * persisted queries): their errors carry no code, and the contract wants `extensions.code` on every
 * GraphQL error (DESIGN.md §4). Our own AppErrors (the strict JSON parser's) and Fastify's are the
 * ProblemFilter's, mapped as for REST.
 */
function problemOf(error: MercuriusError): { code: string; status?: number } {
  const original = error.originalError;
  const known = original instanceof AppError ? original : original ? fromFastify(original) : undefined;
  if (known) return { code: known.code, status: known.status };
  switch (original?.code ?? '') {
    case 'MER_ERR_GQL_PERSISTED_QUERY_NOT_FOUND':
      return { code: 'PERSISTED_QUERY_NOT_FOUND', status: original?.statusCode };
    case 'MER_ERR_GQL_PERSISTED_QUERY_NOT_SUPPORTED':
      return { code: 'PERSISTED_QUERY_NOT_SUPPORTED', status: original?.statusCode };
    case 'MER_ERR_METHOD_NOT_ALLOWED':
      return { code: 'METHOD_NOT_ALLOWED', status: original?.statusCode };
    default:
      break;
  }
  // graphql-js words it so ("more that"), and Mercurius compares the text too.
  if (original?.errors?.some((e) => e.message.includes(`more that ${GRAPHQL_LIMITS.tokens} tokens`))) {
    return { code: 'QUERY_TOO_COMPLEX', status: 400 };
  }
  if (original?.statusCode === 413) return { code: 'PAYLOAD_TOO_LARGE', status: 413 };
  if (original?.statusCode === 415) return { code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 };
  return { code: 'VALIDATION_FAILED', status: original?.statusCode };
}

/** A thrown error as GraphQL shows it; its own `extensions` (an ErrorWithProps's) are kept. */
function asGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const cause = error instanceof Error ? error : new Error('Invalid request');
  const extensions = (cause as { extensions?: Record<string, unknown> }).extensions;
  return new GraphQLError(cause.message, { originalError: cause, extensions });
}

/**
 * Mercurius's answer for errors, as its default formatter builds it, but logging the codes only:
 * the default logs each error whole, and a MALFORMED_JSON detail may quote the body (a phone number
 * in a log line). Resolver errors already carry their code (ProblemFilter, which logs unexpected
 * ones with their stack); Mercurius's own get theirs here.
 */
export const errorFormatter: NonNullable<MercuriusOptions['errorFormatter']> = (execution, context) => {
  const thrown = execution.errors ?? [];
  const first = thrown[0] as MercuriusError | undefined;
  // A validation error holds a list, shown as several errors; they share its cause and status.
  const shown = thrown.flatMap((error) => {
    const inner = (error as MercuriusError).originalError?.errors;
    return Array.isArray(inner) ? inner.map(asGraphQLError) : [error];
  });
  const problem = first ? problemOf(first) : undefined;
  // Mercurius answers 200 for several errors of one refused request (400 for one): it failed whole.
  const status = !execution.data && thrown.length === 1 ? problem?.status : undefined;
  const statusCode = execution.data ? 200 : typeof status === 'number' ? status : 200;
  const errors = shown.map((error) => {
    const json = error.toJSON();
    const extensions = (json.extensions ?? {}) as Record<string, unknown>;
    if (typeof extensions.code === 'string' || !problem) return json;
    if (problem.code === 'QUERY_TOO_COMPLEX') {
      return {
        ...json,
        message: tokenLimitMessage,
        extensions: new QueryTooComplex(tokenLimitMessage, 'tokens').extensions as Record<string, unknown>,
      };
    }
    return { ...json, extensions: { ...extensions, code: problem.code, status: statusCode } };
  });
  const log = context.reply?.log ?? context.app.log;
  log.info({ codes: errors.map((e) => (e.extensions as { code?: unknown } | undefined)?.code) }, 'GraphQL errors');
  return { statusCode, response: { data: execution.data ?? null, errors } };
};

function payloadTooLarge(limit: number): Error {
  // Fastify's own code for the same refusal, so the error formatter answers it the same way.
  return Object.assign(new Error(`A request without a valid bearer token may send at most ${limit} bytes`), {
    code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    statusCode: 413,
  });
}

/** Passes the body on, failing the request once it is over `limit` bytes (so it is never read whole). */
function capped(payload: Readable, limit: number): Readable {
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > limit ? payloadTooLarge(limit) : null, chunk);
    },
  });
  pipeline(payload, counter, () => undefined);
  return counter;
}

/**
 * Fastify hook on the GraphQL route, before its body is read: who is calling is settled before
 * anything is parsed. A valid bearer token gets the full limits. A request without one, or whose
 * token is forged or expired, is anonymous: its header is dropped (public fields such as signIn and
 * refreshToken still work, as REST ignores the header on public routes, so a client refreshing
 * with a stale token is not stuck; every other field answers UNAUTHENTICATED from the guard), and
 * its body may be at most ANONYMOUS_BODY_BYTES, so a caller without a token can only have small
 * documents parsed. The guard re-checks the token per field from AuthService's cache.
 */
export function authenticateBeforeParsing(auth: TokenVerifier) {
  return async (request: FastifyRequest, _reply: FastifyReply, payload: Readable): Promise<Readable> => {
    // A graphql-ws upgrade authenticates in its connection_init message instead.
    if (request.headers.upgrade !== undefined) return payload;
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      try {
        await auth.authenticate(authorization);
        return payload;
      } catch (error) {
        if (!(error instanceof Unauthenticated)) throw error;
        delete request.headers.authorization;
      }
    }
    const limit = GRAPHQL_LIMITS.anonymousBodyBytes;
    if (Number(request.headers['content-length'] ?? 0) > limit) throw payloadTooLarge(limit);
    return capped(payload, limit);
  };
}

/**
 * Before Fastify's schema check of the body, which would coerce a number or a one-item array into
 * the string `query` must be (and before Mercurius would take a missing query for a persisted one).
 */
export function checkRequestBody(request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void {
  if (request.method !== 'POST') return done();
  const body = request.body as { query?: unknown; extensions?: { persistedQuery?: unknown } } | null | undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return done(refusal('Send one operation as a JSON object (batches are off)', 'VALIDATION_FAILED', 400));
  }
  if (body.query !== undefined && body.query !== null && typeof body.query !== 'string') {
    return done(refusal('query must be a GraphQL document as a string', 'VALIDATION_FAILED', 400));
  }
  if ((body.query === undefined || body.query === null) && body.extensions?.persistedQuery === undefined) {
    return done(
      refusal('query is required (or the hash of a persisted query in extensions)', 'VALIDATION_FAILED', 400),
    );
  }
  done();
}

/** The Mercurius options that make `/graphql` fit for the public internet (DESIGN.md §4, §9). */
export function hardenedGraphQLOptions(options: { introspection: boolean; auth: TokenVerifier }) {
  return {
    graphiql: options.introspection,
    validationRules: validationRules(options.introspection),
    hooks: limitHooks(options.introspection),
    errorFormatter,
    graphql: { parseOptions: { maxTokens: GRAPHQL_LIMITS.tokens } },
    persistedQueryProvider: mercurius.persistedQueryDefaults.automatic(GRAPHQL_LIMITS.persistedQueries),
    additionalRouteOptions: {
      bodyLimit: GRAPHQL_LIMITS.bodyBytes,
      preParsing: authenticateBeforeParsing(options.auth),
      preValidation: checkRequestBody,
    },
  } satisfies Partial<MercuriusOptions> & { hooks: MercuriusHooksObject };
}
