/** The three things an inbound keyword can ask for (DESIGN.md §7). */
export type Keyword = 'stop' | 'start' | 'help';

/** Each family's words, lower case. */
export const KEYWORDS: Readonly<Record<Keyword, readonly string[]>> = {
  stop: ['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'optout', 'revoke'],
  start: ['start', 'yes', 'unstop'],
  help: ['help', 'info'],
};

const BY_WORD = new Map<string, Keyword>(
  (Object.entries(KEYWORDS) as [Keyword, readonly string[]][]).flatMap(([k, words]) => words.map((w) => [w, k])),
);

// Invisible characters phones put around text: Unicode white space and format characters
// (zero-width space, byte order mark, direction marks, joiners).
const LEADING = /^[\p{White_Space}\p{Cf}]+/u;

/**
 * One word of letters, then optionally a tail that starts with white space, punctuation (\p{P}),
 * a symbol (\p{S}) or an emoji (\p{Extended_Pictographic}) and holds only those, format characters,
 * and marks (variation selectors, keycaps). A mark right after the word would change its last
 * letter, so the tail cannot start with one; a digit or another letter anywhere in it fails.
 */
const SHAPE =
  /^(\p{L}+)(?:[\p{White_Space}\p{P}\p{S}\p{Extended_Pictographic}\p{Cf}][\p{White_Space}\p{P}\p{S}\p{Extended_Pictographic}\p{Cf}\p{M}]*)?$/u;

/**
 * Which keyword an inbound body is, if it is exactly one. Leading white space and format characters
 * are dropped, the word is compared without case and after NFKC (full-width `ＳＴＯＰ` is `STOP`; only
 * the word: NFKC would turn a trailing `™` into letters), and it may be followed by punctuation,
 * symbols and emoji but by nothing else: `Stop.`, `stop 🛑`, ` STOP!! ` match; `stop it`,
 * `please stop`, `STOPP`, `stop2`, `¡stop` do not.
 */
export function matchKeyword(body: string): Keyword | null {
  const word = SHAPE.exec(body.replace(LEADING, ''))?.[1];
  return word === undefined ? null : (BY_WORD.get(word.normalize('NFKC').toLowerCase()) ?? null);
}
