import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { AppError } from '@/common/errors.js';

/**
 * The number in E.164 as messages store their recipients, so a suppression matches a send exactly.
 * The same rule as a message's `to` (message-validation.ts): `+` and a country code, checked against
 * the country's number plan; no country is guessed.
 */
export function normalizePhoneNumber(value: string, field = 'phoneNumber'): string {
  const normalized = tryNormalizePhoneNumber(value);
  if (normalized === undefined) {
    throw new AppError('INVALID_PHONE_NUMBER', `${field} must be a valid E.164 number such as +4915123456789`);
  }
  return normalized;
}

/** The E.164 form, or undefined when the value is not a valid number. */
export function tryNormalizePhoneNumber(value: string): string | undefined {
  const trimmed = value.trim();
  if (!/^\+[1-9]\d{1,14}$/.test(trimmed)) return undefined;
  const parsed = parsePhoneNumberFromString(trimmed);
  return parsed?.isValid() ? parsed.number : undefined;
}
