import { createRequire } from 'node:module';
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

export interface BodyMeasure extends BodyAnalysis {
  /** What one segment holds at this length: 160 / 153 GSM-7 septets, 70 / 67 UCS-2 units. */
  charactersPerSegment: number;
  /** How many more (GSM-7 septets or UCS-2 units) fit before another segment starts. */
  remainingInSegment: number;
  maxSegments: number;
}

// A segment carries 140 octets; a concatenated one gives 6 of them to its header.
const SEGMENT_BITS = 1120;
const CONCATENATED_SEGMENT_BITS = 1120 - 48;

/**
 * The library's own GSM-7 table (code unit → septets), from its CommonJS file: its package has no
 * exports map, and a `require` reads it the same way under Node and under the test runner.
 */
function gsmTable(): Record<string, number[]> {
  const table = createRequire(import.meta.url)('sms-segments-calculator/dist/libs/UnicodeToGSM.js') as {
    default: Record<string, number[]>;
  };
  return table.default;
}

/**
 * Characters of GSM-7's basic table (one septet each), as a set of UTF-16 code units. Without
 * `\r`: the library counts `\r\n` as one character (a grapheme), which the fast path would not.
 */
const GSM7_BASIC = new Set(
  Object.entries(gsmTable())
    .filter(([unit, septets]) => septets.length === 1 && Number(unit) !== 0x0d)
    .map(([unit]) => Number(unit)),
);

/**
 * Encoding and segment count as the network will see them (GSM-7 with extension table, or UCS-2),
 * whatever the length: the console's counter shows a body over the limit too.
 */
export function measureBody(body: string): BodyMeasure {
  if (!body.isWellFormed()) throw new AppError('INVALID_BODY', 'body contains a lone UTF-16 surrogate');
  if (CONTROL.test(body))
    throw new AppError('INVALID_BODY', 'body contains control characters (only \\n and \\r are allowed)');
  return measureBasicGsm(body) ?? measureAny(body);
}

/**
 * The common case, counted directly: a body only of GSM-7's basic table is one septet per
 * character, 160 in one segment or 153 in each of several. The library's per-character objects and
 * grapheme splitting were about 5 % of the gateway's CPU under single sends (issue 18's profile);
 * a unit test checks that both give the same answers.
 */
export function measureBasicGsm(body: string): BodyMeasure | undefined {
  for (let i = 0; i < body.length; i++) if (!GSM7_BASIC.has(body.charCodeAt(i))) return undefined;
  const segments = body.length <= 160 ? 1 : Math.ceil(body.length / 153);
  const perSegment = segments > 1 ? 153 : 160;
  return {
    segments,
    encoding: 'GSM-7',
    characters: body.length,
    charactersPerSegment: perSegment,
    remainingInSegment: segments * perSegment - body.length,
    maxSegments: MAX_SEGMENTS,
  };
}

/** Any body, through the library: the extension table, UCS-2, graphemes. */
export function measureAny(body: string): BodyMeasure {
  const segmented = new SegmentedMessage(body, 'auto');
  const encoding: MessageEncoding = segmented.encodingName === 'GSM-7' ? 'GSM-7' : 'UCS-2';
  const unitBits = encoding === 'GSM-7' ? 7 : 16;
  const segments = segmented.segmentsCount;
  const segmentBits = segments > 1 ? CONCATENATED_SEGMENT_BITS : SEGMENT_BITS;
  const perSegment = Math.floor(segmentBits / unitBits);
  const used = Math.ceil(segmented.messageSize / unitBits);
  return {
    segments,
    encoding,
    characters: segmented.numberOfCharacters,
    charactersPerSegment: perSegment,
    remainingInSegment: Math.max(0, segments * perSegment - used),
    maxSegments: MAX_SEGMENTS,
  };
}

/** The body as a send takes it: measured, and refused over MAX_SEGMENTS. */
export function analyzeBody(body: string): BodyAnalysis {
  const { segments, encoding, characters } = measureBody(body);
  if (segments > MAX_SEGMENTS) {
    throw new AppError(
      'BODY_TOO_LONG',
      `body needs ${segments} SMS segments in ${encoding}; at most ${MAX_SEGMENTS} (1,530 GSM-7 or 670 UCS-2 characters)`,
    );
  }
  return { segments, encoding, characters };
}
