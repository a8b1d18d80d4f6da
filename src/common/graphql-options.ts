import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  Kind,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import mercurius, { type MercuriusContext, type MercuriusOptions } from 'mercurius';
import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { checkCost, checkShape, GRAPHQL_LIMITS, looksLikeJsonDocument, QueryTooComplex } from './graphql-limits.js';
import { Unauthenticated, type ErrorCode } from './errors.js';

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
    preParsing: (_schema, source) => {
      if (looksLikeJsonDocument(source)) {
        throw refusal('query must be a GraphQL document as a string, not a parsed one', 'VALIDATION_FAILED', 400);
      }
    },
    preValidation: (_schema, document) => checkShape(document),
    preExecution: (schema, document, _context, variables) => {
      checkCostOfEveryOperation(schema, document, variables as Record<string, unknown> | undefined);
    },
    preSubscriptionParsing: (_schema, source, context) => {
      if (looksLikeJsonDocument(source)) {
        throw refusal('query must be a GraphQL document as a string, not a parsed one', 'VALIDATION_FAILED', 400);
      }
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
      const errors = validate(schema, document, rules);
      if (errors.length > 0) throw refusal(errors.map((e) => e.message).join('; '), 'VALIDATION_FAILED', 400);
      checkCostOfEveryOperation(schema, document, {});
    },
  };
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
 * Mercurius's own errors (body parsing, syntax, validation, persisted queries) carry no code; the
 * contract wants `extensions.code` on every GraphQL error (DESIGN.md §4), so they get the REST one.
 */
function codeOf(error: MercuriusError): string {
  const original = error.originalError;
  switch (original?.code ?? '') {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'PAYLOAD_TOO_LARGE';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'MALFORMED_JSON';
    case 'MER_ERR_GQL_PERSISTED_QUERY_NOT_FOUND':
    case 'MER_ERR_GQL_PERSISTED_QUERY_NOT_SUPPORTED':
      return 'PERSISTED_QUERY_NOT_FOUND';
    case 'MER_ERR_METHOD_NOT_ALLOWED':
      return 'METHOD_NOT_ALLOWED';
    default:
      break;
  }
  // graphql-js words it so ("more that"), and Mercurius compares the text too.
  if (original?.errors?.some((e) => e.message.includes(`more that ${GRAPHQL_LIMITS.tokens} tokens`))) {
    return 'QUERY_TOO_COMPLEX';
  }
  if (original?.statusCode === 413) return 'PAYLOAD_TOO_LARGE';
  if (original?.statusCode === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  return 'VALIDATION_FAILED';
}

export const errorFormatter: NonNullable<MercuriusOptions['errorFormatter']> = (execution, context) => {
  const formatted = mercurius.defaultErrorFormatter(execution, context);
  const first = execution.errors?.[0] as MercuriusError | undefined;
  // Mercurius flattens a validation error's list into several errors, which share its cause, and
  // then answers 200 for them (400 when there is one): the request failed whole either way.
  const status = !execution.data && execution.errors?.length === 1 ? first?.originalError?.statusCode : undefined;
  const statusCode = typeof status === 'number' ? status : formatted.statusCode;
  const fallback = first ? codeOf(first) : undefined;
  const errors = (formatted.response.errors ?? []).map((error) => {
    const extensions = (error.extensions ?? {}) as Record<string, unknown>;
    if (typeof extensions.code === 'string' || !fallback) return error;
    if (fallback === 'QUERY_TOO_COMPLEX') {
      return { ...error, message: tokenLimitMessage, extensions: { code: fallback, status: 400, limit: 'tokens' } };
    }
    return { ...error, extensions: { ...extensions, code: fallback, status: statusCode } };
  });
  return { statusCode, response: { ...formatted.response, errors } };
};

/**
 * Fastify hook on the GraphQL route: a request that carries an `Authorization` has it verified
 * before its body is parsed as GraphQL, so a forged or expired token costs a parse nothing. A
 * request without one goes on (signIn and the other public mutations); the resolvers' guard still
 * decides each field, and reuses this verification from its cache.
 */
export function authenticateBeforeParsing(auth: TokenVerifier) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const authorization = request.headers.authorization;
    if (authorization === undefined) return;
    try {
      await auth.authenticate(authorization);
    } catch (error) {
      if (!(error instanceof Unauthenticated)) throw error;
      const problem = error.toProblem();
      await reply
        .code(401)
        .header('content-type', 'application/json; charset=utf-8')
        .send({ data: null, errors: [{ message: problem.detail, extensions: { code: problem.code, status: 401 } }] });
    }
  };
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
      preHandler: authenticateBeforeParsing(options.auth),
    },
  } satisfies Partial<MercuriusOptions> & { hooks: MercuriusHooksObject };
}
