import { AppError, type ErrorCode } from '@/common/errors.js';

export type OAuthErrorType = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope';

/**
 * A token endpoint error: our problem document with our `code`, plus the `error` and
 * `error_description` members that OAuth2 client libraries read (RFC 6749 §5.2).
 */
export class OAuthError extends AppError {
  constructor(
    readonly error: OAuthErrorType,
    detail: string,
  ) {
    super(OAuthError.codeFor(error), detail);
  }

  private static codeFor(error: OAuthErrorType): ErrorCode {
    switch (error) {
      case 'invalid_client':
        return 'UNAUTHENTICATED';
      case 'invalid_scope':
        return 'FORBIDDEN';
      case 'invalid_request':
      case 'unsupported_grant_type':
        return 'VALIDATION_FAILED';
    }
  }

  override toProblem() {
    return { ...super.toProblem(), error: this.error, error_description: this.message };
  }
}
