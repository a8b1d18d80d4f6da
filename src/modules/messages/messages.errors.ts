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
