import { randomUUID } from 'node:crypto';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { GraphQLError } from 'graphql';
import { AppError, RateLimited, type ErrorCode, type ProblemDetails } from './errors.js';

export interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message: string;
}

/** Fastify's own errors (raised before a route runs) mapped to the contract's codes. */
const FASTIFY_CODES: Record<string, () => AppError> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    new AppError('MALFORMED_JSON', 'The Content-Length does not match the body'),
  FST_ERR_CTP_BODY_TOO_LARGE: () => new AppError('PAYLOAD_TOO_LARGE', 'The request body is over the size limit'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new AppError('MALFORMED_JSON', 'The body is empty; a JSON document was expected'),
  FST_ERR_CTP_INVALID_JSON_BODY: () => new AppError('MALFORMED_JSON', 'The body is not valid JSON'),
};

export function fromFastify(error: FastifyLikeError): AppError | undefined {
  return error.code && Object.hasOwn(FASTIFY_CODES, error.code) ? FASTIFY_CODES[error.code]() : undefined;
}

function fromHttpException(error: HttpException): AppError {
  const status = error.getStatus();
  const codeByStatus: Partial<Record<number, ErrorCode>> = {
    400: 'VALIDATION_FAILED',
    401: 'UNAUTHENTICATED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'RATE_LIMITED',
  };
  const code = codeByStatus[status];
  if (code === 'NOT_FOUND') return new AppError('NOT_FOUND', 'No such route');
  if (code) return new AppError(code, error.message);
  return new AppError('INTERNAL', 'Internal error');
}

/** A problem as GraphQL shows it: the detail as message, the REST `code` (and status) in `extensions`. */
export function graphQLErrorOf(problem: ProblemDetails, retryAfterSeconds?: number): GraphQLError {
  return new GraphQLError(problem.detail, {
    extensions: {
      code: problem.code,
      status: problem.status,
      ...(problem.errors ? { errors: problem.errors } : {}),
      ...(problem.errorId ? { errorId: problem.errorId } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    },
  });
}

/**
 * The one place errors become responses: problem+json for REST, `extensions.code` for GraphQL.
 * Anything unexpected is a 500 whose `errorId` is logged with the stack; the client sees only the id.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  toAppError(exception: unknown): { error: AppError; errorId?: string } {
    if (exception instanceof AppError) return { error: exception };
    if (exception instanceof HttpException) return { error: fromHttpException(exception) };
    const fastify = exception && typeof exception === 'object' ? fromFastify(exception as FastifyLikeError) : undefined;
    if (fastify) return { error: fastify };
    const status = (exception as FastifyLikeError | undefined)?.statusCode;
    if (status === 415) return { error: new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json') };
    if (status === 413) return { error: new AppError('PAYLOAD_TOO_LARGE', 'The request body is over the size limit') };
    if (status === 400 && exception instanceof SyntaxError) {
      return { error: new AppError('MALFORMED_JSON', 'The body is not valid JSON') };
    }
    const errorId = randomUUID();
    this.logger.error({ err: exception, errorId }, 'unhandled error');
    return { error: new AppError('INTERNAL', `Internal error; quote errorId ${errorId} when reporting it`), errorId };
  }

  catch(exception: unknown, host: ArgumentsHost): unknown {
    // Health checks answer 503 with their own report, which probes and people read as it is.
    if (exception instanceof HttpException && exception.getStatus() === 503 && host.getType<string>() === 'http') {
      return host.switchToHttp().getResponse<FastifyReply>().status(503).send(exception.getResponse());
    }
    const { error, errorId } = this.toAppError(exception);
    const problem = { ...error.toProblem(), ...(errorId ? { errorId } : {}) };
    const retryAfterSeconds = error instanceof RateLimited ? error.retryAfterSeconds : undefined;
    if (host.getType<string>() === 'graphql') return graphQLErrorOf(problem, retryAfterSeconds);
    return this.respond(host.switchToHttp().getResponse<FastifyReply>(), problem, retryAfterSeconds);
  }

  respond(reply: FastifyReply, problem: ProblemDetails, retryAfterSeconds = 1): FastifyReply {
    if (problem.status === 429) void reply.header('Retry-After', String(retryAfterSeconds));
    // Serialised here: an object body in Fastify's error path would be re-typed as application/json.
    return reply
      .status(problem.status)
      .header('content-type', 'application/problem+json')
      .send(JSON.stringify(problem));
  }

  /** Fastify's error handler: errors raised before a route's handler runs (body parsing, size, media type). */
  handleFastifyError(error: unknown, reply: FastifyReply): FastifyReply {
    const { error: appError, errorId } = this.toAppError(error);
    return this.respond(reply, { ...appError.toProblem(), ...(errorId ? { errorId } : {}) });
  }
}
