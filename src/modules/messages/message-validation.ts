import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { SegmentedMessage } from 'sms-segments-calculator';
import { AppError } from '@/common/errors.js';
import type { MessageEncoding } from './entities/message.entity.js';

export const MAX_SEGMENTS = 10;

/**
 * A recipient must already be in E.164 (`+` and country code): the gateway never guesses a
 * country. libphonenumber's full metadata checks the number plan, not just the length.
 */
export function normalizeRecipient(to: string): string {
  const trimmed = to.trim();
  if (!/^\+[1-9]\d{1,14}$/.test(trimmed)) {
    throw new AppError('INVALID_PHONE_NUMBER', 'to must be an E.164 number such as +4915123456789');
  }
  const parsed = parsePhoneNumberFromString(trimmed);
  if (!parsed || !parsed.isValid()) {
    throw new AppError('INVALID_PHONE_NUMBER', 'to is not a valid phone number in its country plan');
  }
  return parsed.number;
}

// C0 controls and DEL, except \n and \r which SMS carries. Matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F]/;

export interface BodyAnalysis {
  segments: number;
  encoding: MessageEncoding;
  characters: number;
}

/** Encoding and segment count as the network will see them (GSM-7 with extension table, or UCS-2). */
export function analyzeBody(body: string): BodyAnalysis {
  if (!body.isWellFormed()) throw new AppError('INVALID_BODY', 'body contains a lone UTF-16 surrogate');
  if (CONTROL.test(body))
    throw new AppError('INVALID_BODY', 'body contains control characters (only \\n and \\r are allowed)');
  const segmented = new SegmentedMessage(body, 'auto');
  const encoding: MessageEncoding = segmented.encodingName === 'GSM-7' ? 'GSM-7' : 'UCS-2';
  if (segmented.segmentsCount > MAX_SEGMENTS) {
    throw new AppError(
      'BODY_TOO_LONG',
      `body needs ${segmented.segmentsCount} SMS segments in ${encoding}; at most ${MAX_SEGMENTS} (1,530 GSM-7 or 670 UCS-2 characters)`,
    );
  }
  return { segments: segmented.segmentsCount, encoding, characters: segmented.numberOfCharacters };
}
