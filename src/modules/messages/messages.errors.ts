import { AppError, NotFound } from '@/common/errors.js';

export class MessageNotFound extends NotFound {
  constructor() {
    super('Message');
  }
}

export class InvalidSchedule extends AppError {
  constructor(detail: string) {
    super('INVALID_SCHEDULE', detail);
  }
}

export class MetadataTooLarge extends AppError {
  constructor(limit: number) {
    super('VALIDATION_FAILED', `metadata must be at most ${limit} bytes of JSON`, [
      { field: 'metadata', message: `metadata must be at most ${limit} bytes of JSON` },
    ]);
  }
}

export class MessageNotCancelable extends AppError {
  constructor(status: string) {
    super('MESSAGE_NOT_CANCELABLE', `The message is ${status}; only scheduled or queued messages can be canceled`);
  }
}

export class MessageNotRedrivable extends AppError {
  constructor() {
    super('MESSAGE_NOT_REDRIVABLE', 'Only a failed message with a dead-letter record can be re-driven');
  }
}

export class IdempotencyKeyReused extends AppError {
  constructor() {
    super('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request body in the last 24 hours');
  }
}
