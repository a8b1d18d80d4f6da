/**
 * Error codes of the external contract (DESIGN.md §3). Each failure has one stable `code`; the
 * global filter maps it to problem+json for REST and `extensions.code` for GraphQL.
 */
export type ErrorCode =
  | 'MALFORMED_JSON'
  | 'VALIDATION_FAILED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'INVALID_PHONE_NUMBER'
  | 'BODY_TOO_LONG'
  | 'INVALID_BODY'
  | 'DESTINATION_BLOCKED'
  | 'RECIPIENT_OPTED_OUT'
  | 'INVALID_SCHEDULE'
  | 'IDEMPOTENCY_KEY_INVALID'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'MESSAGE_NOT_CANCELABLE'
  | 'MESSAGE_NOT_REDRIVABLE'
  | 'INVALID_PAIRING_CODE'
  | 'RATE_LIMITED'
  | 'NO_ROUTE'
  | 'WEBHOOK_URL_FORBIDDEN'
  | 'QUERY_TOO_COMPLEX'
  | 'LIMIT_REACHED'
  | 'TEMPLATE_VARIABLE_MISSING'
  | 'CAMPAIGN_NOT_LAUNCHABLE'
  | 'CAMPAIGN_STATE_CONFLICT'
  | 'INTERNAL';

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
  errorId?: string;
  /** RFC 6749 §5.2 members, on token endpoint errors only. */
  error?: string;
  error_description?: string;
}

/** HTTP status and title of each code; the switch is exhaustive so a new code cannot be forgotten. */
export function describeCode(code: ErrorCode): { status: number; title: string } {
  switch (code) {
    case 'MALFORMED_JSON':
      return { status: 400, title: 'Malformed JSON' };
    case 'VALIDATION_FAILED':
      return { status: 400, title: 'Validation failed' };
    case 'UNSUPPORTED_MEDIA_TYPE':
      return { status: 415, title: 'Unsupported media type' };
    case 'PAYLOAD_TOO_LARGE':
      return { status: 413, title: 'Payload too large' };
    case 'INVALID_PHONE_NUMBER':
      return { status: 422, title: 'Invalid phone number' };
    case 'BODY_TOO_LONG':
      return { status: 422, title: 'Message body too long' };
    case 'INVALID_BODY':
      return { status: 422, title: 'Invalid message body' };
    case 'DESTINATION_BLOCKED':
      return { status: 422, title: 'Destination blocked' };
    case 'RECIPIENT_OPTED_OUT':
      return { status: 422, title: 'Recipient opted out' };
    case 'INVALID_SCHEDULE':
      return { status: 422, title: 'Invalid schedule' };
    case 'IDEMPOTENCY_KEY_INVALID':
      return { status: 400, title: 'Invalid idempotency key' };
    case 'IDEMPOTENCY_KEY_REUSED':
      return { status: 422, title: 'Idempotency key reused' };
    case 'TEMPLATE_VARIABLE_MISSING':
      return { status: 422, title: 'Template variable missing' };
    case 'UNAUTHENTICATED':
      return { status: 401, title: 'Unauthenticated' };
    case 'FORBIDDEN':
      return { status: 403, title: 'Forbidden' };
    case 'NOT_FOUND':
      return { status: 404, title: 'Not found' };
    case 'METHOD_NOT_ALLOWED':
      return { status: 405, title: 'Method not allowed' };
    case 'MESSAGE_NOT_CANCELABLE':
      return { status: 409, title: 'Message not cancelable' };
    case 'MESSAGE_NOT_REDRIVABLE':
      return { status: 409, title: 'Message not re-drivable' };
    case 'INVALID_PAIRING_CODE':
      return { status: 400, title: 'Invalid pairing code' };
    case 'RATE_LIMITED':
      return { status: 429, title: 'Rate limited' };
    case 'NO_ROUTE':
      return { status: 422, title: 'No route' };
    case 'WEBHOOK_URL_FORBIDDEN':
      return { status: 422, title: 'Webhook URL forbidden' };
    case 'QUERY_TOO_COMPLEX':
      return { status: 400, title: 'Query too complex' };
    case 'LIMIT_REACHED':
      return { status: 409, title: 'Limit reached' };
    case 'CAMPAIGN_NOT_LAUNCHABLE':
      return { status: 409, title: 'Campaign not launchable' };
    case 'CAMPAIGN_STATE_CONFLICT':
      return { status: 409, title: "The campaign's state does not allow this" };
    case 'INTERNAL':
      return { status: 500, title: 'Internal error' };
  }
}

export class AppError extends Error {
  readonly status: number;
  readonly title: string;

  constructor(
    readonly code: ErrorCode,
    detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = 'AppError';
    const described = describeCode(code);
    this.status = described.status;
    this.title = described.title;
  }

  toProblem(): ProblemDetails {
    return {
      type: `/docs/errors#${this.code.toLowerCase().replace(/_/g, '-')}`,
      title: this.title,
      status: this.status,
      detail: this.message,
      code: this.code,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export class ValidationFailed extends AppError {
  constructor(errors: FieldError[], detail = 'The request has invalid fields') {
    super('VALIDATION_FAILED', detail, errors);
  }
}

export class NotFound extends AppError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`);
  }
}

export class Unauthenticated extends AppError {
  constructor(detail = 'A valid bearer token is required') {
    super('UNAUTHENTICATED', detail);
  }
}

export class Forbidden extends AppError {
  constructor(detail = 'Your role or scopes do not allow this') {
    super('FORBIDDEN', detail);
  }
}

/** 429: `retryAfterSeconds` becomes the Retry-After header (REST) or `extensions.retryAfterSeconds` (GraphQL). */
export class RateLimited extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    detail = 'Too many requests; retry later',
  ) {
    super('RATE_LIMITED', detail);
  }
}
