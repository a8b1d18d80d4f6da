import { AppError } from '@/common/errors.js';

/** 422: the number is on the account's suppression list (DESIGN.md §3, §7). */
export class RecipientOptedOut extends AppError {
  constructor(detail = 'The recipient opted out: the number is on this account’s suppression list') {
    super('RECIPIENT_OPTED_OUT', detail);
  }
}
