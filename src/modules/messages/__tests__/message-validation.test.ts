import { describe, expect, it } from 'vitest';
import { AppError } from '@/common/errors.js';
import { analyzeBody, measureAny, measureBasicGsm, measureBody, normalizeRecipient } from '../message-validation.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof AppError ? error.code : 'NOT_AN_APP_ERROR';
  }
}

describe('normalizeRecipient', () => {
  it('accepts valid E.164 numbers of different countries', () => {
    expect(normalizeRecipient('+4915123456789')).toBe('+4915123456789');
    expect(normalizeRecipient('+14155550123')).toBe('+14155550123');
    expect(normalizeRecipient(' +447911123456 ')).toBe('+447911123456');
  });

  it.each([
    ['+1234', 'too short'],
    ['4915123456789', 'no plus sign: the gateway never guesses a country'],
    ['015123456789', 'a national number'],
    ['+49 151 23456789', 'spaces'],
    ['call me', 'letters'],
    ['+0123456789', 'country code 0'],
    ['+999123456789', 'an unassigned country code'],
    ['+4910', 'not a number in the German plan'],
  ])('refuses %s (%s) with INVALID_PHONE_NUMBER', (to) => {
    expect(codeOf(() => normalizeRecipient(to))).toBe('INVALID_PHONE_NUMBER');
  });
});

describe('analyzeBody', () => {
  it('counts GSM-7 segments: 160 in one, 153 per part after that', () => {
    expect(analyzeBody('a'.repeat(160))).toMatchObject({ segments: 1, encoding: 'GSM-7' });
    expect(analyzeBody('a'.repeat(161))).toMatchObject({ segments: 2, encoding: 'GSM-7' });
    expect(analyzeBody('a'.repeat(1530))).toMatchObject({ segments: 10, encoding: 'GSM-7' });
  });

  it('counts GSM-7 extension characters as two septets', () => {
    expect(analyzeBody('€'.repeat(80))).toMatchObject({ segments: 1, encoding: 'GSM-7' });
    expect(analyzeBody('€'.repeat(81))).toMatchObject({ segments: 2, encoding: 'GSM-7' });
  });

  it('switches to UCS-2 for characters outside GSM-7: 70 in one, 67 per part', () => {
    expect(analyzeBody('ж'.repeat(70))).toMatchObject({ segments: 1, encoding: 'UCS-2' });
    expect(analyzeBody('ж'.repeat(71))).toMatchObject({ segments: 2, encoding: 'UCS-2' });
    expect(analyzeBody('hi 😀')).toMatchObject({ encoding: 'UCS-2' });
  });

  it('refuses more than 10 segments with BODY_TOO_LONG', () => {
    expect(codeOf(() => analyzeBody('a'.repeat(1531)))).toBe('BODY_TOO_LONG');
    expect(codeOf(() => analyzeBody('ж'.repeat(671)))).toBe('BODY_TOO_LONG');
    expect(codeOf(() => analyzeBody('ж'.repeat(670)))).toBeUndefined();
  });

  it('allows newlines and carriage returns but refuses other control characters with INVALID_BODY', () => {
    expect(codeOf(() => analyzeBody('line one\r\nline two\n'))).toBeUndefined();
    for (const c of ['\u0000', '\u0007', '\t', '\u001b', '\u007f']) {
      expect(
        codeOf(() => analyzeBody(`a${c}b`)),
        JSON.stringify(c),
      ).toBe('INVALID_BODY');
    }
  });

  it('refuses lone surrogates with INVALID_BODY but accepts paired ones', () => {
    expect(codeOf(() => analyzeBody('a\ud800b'))).toBe('INVALID_BODY');
    expect(codeOf(() => analyzeBody('a\udc00'))).toBe('INVALID_BODY');
    expect(codeOf(() => analyzeBody('a\ud83d\ude00'))).toBeUndefined();
  });
});

describe('measureBody (the console counter: the same count as a send)', () => {
  it('counts GSM-7 septets, extension characters as two, and what is left in the segment', () => {
    expect(measureBody('Hello')).toEqual({
      encoding: 'GSM-7',
      segments: 1,
      characters: 5,
      charactersPerSegment: 160,
      remainingInSegment: 155,
      maxSegments: 10,
    });
    expect(measureBody('€'.repeat(80))).toMatchObject({ segments: 1, characters: 160, remainingInSegment: 0 });
    expect(measureBody('a'.repeat(161))).toMatchObject({
      segments: 2,
      charactersPerSegment: 153,
      remainingInSegment: 145,
    });
  });

  it('switches to UCS-2 for a character GSM-7 lacks, 70 or 67 to a segment', () => {
    expect(measureBody('Grüße 👋')).toMatchObject({ encoding: 'UCS-2', segments: 1, charactersPerSegment: 70 });
    expect(measureBody('ж'.repeat(71))).toMatchObject({
      encoding: 'UCS-2',
      segments: 2,
      charactersPerSegment: 67,
      remainingInSegment: 63,
    });
  });

  it('measures a body over the send limit, which analyzeBody refuses', () => {
    const long = 'a'.repeat(1531);
    expect(measureBody(long)).toMatchObject({ segments: 11 });
    expect(() => analyzeBody(long)).toThrow(expect.objectContaining({ code: 'BODY_TOO_LONG' }));
  });

  it('refuses control characters and lone surrogates with INVALID_BODY, as a send does', () => {
    expect(() => measureBody('a\u0000b')).toThrow(expect.objectContaining({ code: 'INVALID_BODY' }));
    expect(() => measureBody('a\ud800')).toThrow(expect.objectContaining({ code: 'INVALID_BODY' }));
  });
});

describe('the fast count for GSM-7 basic bodies', () => {
  // A small seeded generator: the same strings on every run.
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const BASIC =
    '@£$¥èéùìòÇ\nØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
  const text = (length: number, alphabet: string) =>
    Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');

  it('answers exactly as the library for every length around the segment borders', () => {
    const lengths = [0, 1, 70, 159, 160, 161, 305, 306, 307, 459, 460, 1530, 1531, 1700];
    for (const length of lengths) {
      for (let k = 0; k < 5; k++) {
        const body = text(length, BASIC);
        expect(measureBasicGsm(body), `length ${length}`).toEqual(measureAny(body));
      }
    }
  });

  it('leaves the extension table, \\r and anything outside GSM-7 to the library', () => {
    for (const body of [
      'price [10]',
      'a€',
      'line\r\nnext',
      'Grüße 😀',
      'Привет',
      'a{b}',
      'x^y',
      'a~b',
      'a|b',
      'a\\b',
    ]) {
      expect(measureBasicGsm(body), body).toBeUndefined();
      expect(measureBody(body)).toEqual(measureAny(body));
    }
  });
});
