/**
 * SMS part counting for the phone's own throttle and the simulated SIM. The server counts segments
 * with a library; here a small local computation is enough because Android splits the text itself
 * and reports the real part count back.
 */

// GSM 03.38 default alphabet (without the escape character) and its extension table, whose
// characters take two septets.
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENDED = new Set('^{}\\[~]|€\f');

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsParts {
  encoding: SmsEncoding;
  parts: number;
}

export function isGsm7(text: string): boolean {
  for (const ch of text) {
    if (!GSM7_BASIC.has(ch) && !GSM7_EXTENDED.has(ch)) {
      return false;
    }
  }
  return true;
}

/** Splits greedily, never cutting an escape sequence or a surrogate pair, as Android does. */
export function countSmsParts(text: string): SmsParts {
  const encoding: SmsEncoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  const weights: number[] = [];
  for (const ch of text) {
    weights.push(encoding === 'GSM-7' ? (GSM7_EXTENDED.has(ch) ? 2 : 1) : ch.length);
  }
  const total = weights.reduce((sum, w) => sum + w, 0);
  const single = encoding === 'GSM-7' ? 160 : 70;
  if (total <= single) {
    return { encoding, parts: 1 };
  }
  // Multipart messages lose room to the concatenation header (UDH).
  const perPart = encoding === 'GSM-7' ? 153 : 67;
  let parts = 1;
  let used = 0;
  for (const w of weights) {
    if (used + w > perPart) {
      parts += 1;
      used = 0;
    }
    used += w;
  }
  return { encoding, parts };
}
