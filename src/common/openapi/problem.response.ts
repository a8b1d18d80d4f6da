import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { describeCode, type ErrorCode, type FieldError, type ProblemDetails } from '@/common/errors.js';

/**
 * Every code of the contract (DESIGN.md §3), in the order errors.ts declares them. `describeCode`
 * is an exhaustive switch, so a code missing here would leave the ErrorCode union incomplete:
 * the `satisfies` makes the compiler refuse that.
 */
export const ERROR_CODES = [
  'MALFORMED_JSON',
  'VALIDATION_FAILED',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'INVALID_PHONE_NUMBER',
  'BODY_TOO_LONG',
  'INVALID_BODY',
  'DESTINATION_BLOCKED',
  'RECIPIENT_OPTED_OUT',
  'INVALID_SCHEDULE',
  'IDEMPOTENCY_KEY_INVALID',
  'IDEMPOTENCY_KEY_REUSED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'MESSAGE_NOT_CANCELABLE',
  'MESSAGE_NOT_REDRIVABLE',
  'INVALID_PAIRING_CODE',
  'RATE_LIMITED',
  'NO_ROUTE',
  'WEBHOOK_URL_FORBIDDEN',
  'QUERY_TOO_COMPLEX',
  'LIMIT_REACHED',
  'TEMPLATE_VARIABLE_MISSING',
  'CAMPAIGN_NOT_LAUNCHABLE',
  'CAMPAIGN_STATE_CONFLICT',
  'INTERNAL',
] as const satisfies readonly ErrorCode[];

// The other direction: an ErrorCode not in the list above fails to compile here.
type Missing = Exclude<ErrorCode, (typeof ERROR_CODES)[number]>;
const allCodesListed: Missing extends never ? true : Missing = true;
void allCodesListed;

/** The problem document of a code, as the ProblemFilter writes it (for examples). */
export function exampleProblem(code: ErrorCode): ProblemDetails {
  const { status, title } = describeCode(code);
  return {
    type: `/docs/errors#${code.toLowerCase().replace(/_/g, '-')}`,
    title,
    status,
    detail: title,
    code,
  };
}

@ApiSchema({ name: 'FieldError', description: 'One refused field of a VALIDATION_FAILED answer' })
export class FieldErrorResponse implements FieldError {
  @ApiProperty({ type: String, description: 'The field, dotted for nested ones (`throttle.partsPerMinute`)' })
  field: string;

  @ApiProperty({ type: String })
  message: string;
}

/**
 * `application/problem+json` (RFC 9457) with the gateway's stable `code`. Each operation narrows
 * `code` to the codes it can answer for each status.
 */
@ApiSchema({ name: 'Problem' })
export class ProblemResponse implements ProblemDetails {
  @ApiProperty({ type: String, description: 'A reference to the code in the docs', example: '/docs/errors#not-found' })
  type: string;

  @ApiProperty({ type: String, example: 'Not found' })
  title: string;

  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 404 })
  status: number;

  @ApiProperty({ type: String, description: 'What went wrong, for a person', example: 'Message not found' })
  detail: string;

  @ApiProperty({ enum: ERROR_CODES, enumName: 'ErrorCode', description: 'Stable: what programs branch on' })
  code: ErrorCode;

  @ApiPropertyOptional({ type: [FieldErrorResponse], description: 'VALIDATION_FAILED: each refused field' })
  errors?: FieldError[];

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    description: 'INTERNAL: quote it when reporting the error; the log has the details',
  })
  errorId?: string;
}

/** The token endpoint's errors: the problem document plus RFC 6749 §5.2's members, which OAuth2 libraries read. */
@ApiSchema({ name: 'OAuthProblem' })
export class OAuthProblemResponse extends ProblemResponse {
  @ApiPropertyOptional({
    enum: ['invalid_request', 'invalid_client', 'unsupported_grant_type', 'invalid_scope'],
    description: "RFC 6749's error, on the endpoint's own refusals (not on MALFORMED_JSON or RATE_LIMITED)",
  })
  error?: string;

  @ApiPropertyOptional({ type: String, description: 'The same text as `detail`' })
  error_description?: string;
}
