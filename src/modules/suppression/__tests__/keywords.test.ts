import { describe, expect, it } from 'vitest';
import { KEYWORDS, matchKeyword, type Keyword } from '../keywords.js';

describe('matchKeyword', () => {
  it.each(Object.entries(KEYWORDS).flatMap(([family, words]) => words.map((w) => [w, family as Keyword])))(
    'recognises %s as %s in any case',
    (word, family) => {
      expect(matchKeyword(word)).toBe(family);
      expect(matchKeyword(word.toUpperCase())).toBe(family);
      expect(matchKeyword(word[0].toUpperCase() + word.slice(1))).toBe(family);
    },
  );

  const cases: [string, string, Keyword | null][] = [
    ['trailing full stop', 'Stop.', 'stop'],
    ['trailing exclamation marks', 'STOP!!!', 'stop'],
    ['trailing question mark', 'help?', 'help'],
    ['mixed trailing punctuation', 'stop?!.', 'stop'],
    ['an emoji after a space', 'stop 🛑', 'stop'],
    ['an emoji right after the word', 'stop🛑', 'stop'],
    ['an emoji with a variation selector', 'STOP ❤️', 'stop'],
    ['an emoji with a skin tone', 'yes 👍🏽', 'start'],
    ['a ZWJ emoji sequence', 'stop 👨‍👩‍👧', 'stop'],
    ['a flag', 'start 🇩🇪', 'start'],
    ['a keycap symbol', 'info #️⃣', 'help'],
    ['a text smiley', 'stop :-)', 'stop'],
    ['symbols', 'stop ™ © +', 'stop'],
    ['surrounding white space and a newline', '  \tStop \r\n', 'stop'],
    ['no-break and ideographic spaces', '\u00a0STOP\u3000', 'stop'],
    ['zero-width space and byte order mark around it', '\ufeff\u200bstop\u200b', 'stop'],
    ['direction marks', '\u200fSTOP\u200e', 'stop'],
    ['full-width letters (NFKC)', 'ＳＴＯＰ', 'stop'],
    ['two words', 'stop it', null],
    ['a word before it', 'please stop', null],
    ['a misspelling', 'STOPP', null],
    ['a digit after it', 'stop2', null],
    ['a digit after punctuation', 'stop. 2', null],
    ['a keycap digit', 'stop 1️⃣', null],
    ['punctuation before it', '¡stop', null],
    ['quotes around it', '"stop"', null],
    ['an emoji before it', '🛑 stop', null],
    ['a combining accent on the last letter', 'stop\u0301', null],
    ['letters spaced out', 'S T O P', null],
    ['two keywords', 'stop stop', null],
    ['opt out as two words', 'opt out', null],
    ['stop all as two words', 'stop all', null],
    ['a keyword inside a word', 'unstoppable', null],
    ['a Cyrillic look-alike', 'ЅТОР', null],
    ['the empty body', '', null],
    ['white space only', '  \n ', null],
    ['punctuation only', '?!', null],
    ['a longer message', 'Stop sending me these messages', null],
    ['a lone surrogate in the tail', 'stop \ud800', null],
  ];
  it.each(cases)('%s: %j → %s', (_name, body, expected) => {
    expect(matchKeyword(body)).toBe(expected);
  });

  it('answers quickly for a long body that is no keyword', () => {
    const started = performance.now();
    expect(matchKeyword('a'.repeat(100_000) + '!')).toBeNull();
    expect(matchKeyword('stop' + '!'.repeat(100_000) + 'x')).toBeNull();
    expect(performance.now() - started).toBeLessThan(200);
  });
});
