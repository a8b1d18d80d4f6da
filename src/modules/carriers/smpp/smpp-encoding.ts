import { randomInt } from 'node:crypto';
import smpp from 'smpp';
import { SegmentedMessage } from 'sms-segments-calculator';

/** data_coding 0: the SMSC default alphabet, GSM 03.38 (sent unpacked, one septet per octet). */
export const DATA_CODING_GSM7 = 0x00;
/** data_coding 8: UCS-2 (UTF-16BE). */
export const DATA_CODING_UCS2 = 0x08;
/** esm_class bit that says short_message starts with a user data header. */
export const ESM_UDHI = 0x40;

export type Concatenation = 'udh' | 'sar';

/** One submit_sm's worth of a message: the bytes, how to read them, and how it joins the others. */
export interface SmppPart {
  dataCoding: number;
  /** short_message, UDH included when there is one. */
  shortMessage: Buffer;
  esmClass: number;
  /** SAR TLVs, when the carrier wants concatenation in TLVs instead of a UDH. */
  sar?: { sar_msg_ref_num: number; sar_total_segments: number; sar_segment_seqnum: number };
}

export function encodeText(text: string, dataCoding: number): Buffer {
  // smpp's GSM coder maps the extension table (€, [, …) to ESC + septet, as the SMSC expects.
  return dataCoding === DATA_CODING_GSM7 ? smpp.gsmCoder.encode(text) : Buffer.from(text, 'utf16le').swap16();
}

/**
 * The message as submit_sm parts. The split is sms-segments-calculator's (the same library the API
 * counts segments with, so a message goes out in the number of parts it was accepted for): 160
 * GSM-7 septets or 70 UCS-2 units in one part, else 153 / 67 per part, never cutting an escape, a
 * surrogate pair or a grapheme. Parts carry an 8-bit concatenation reference: a UDH
 * (05 00 03 ref total seq) by default, or the SAR TLVs.
 */
export function splitForSmpp(body: string, concatenation: Concatenation = 'udh', ref = randomInt(0, 256)): SmppPart[] {
  const segmented = new SegmentedMessage(body, 'auto');
  const dataCoding = segmented.encodingName === 'GSM-7' ? DATA_CODING_GSM7 : DATA_CODING_UCS2;
  const texts = segmented.segments.map((segment) =>
    segment
      .filter((c: unknown): c is { raw: string } => typeof (c as { raw?: unknown }).raw === 'string')
      .map((c) => c.raw)
      .join(''),
  );
  if (texts.length <= 1) {
    return [{ dataCoding, shortMessage: encodeText(body, dataCoding), esmClass: 0 }];
  }
  const total = texts.length;
  return texts.map((text, i) => {
    const payload = encodeText(text, dataCoding);
    if (concatenation === 'sar') {
      return {
        dataCoding,
        shortMessage: payload,
        esmClass: 0,
        sar: { sar_msg_ref_num: ref, sar_total_segments: total, sar_segment_seqnum: i + 1 },
      };
    }
    const udh = Buffer.from([0x05, 0x00, 0x03, ref, total, i + 1]);
    return { dataCoding, shortMessage: Buffer.concat([udh, payload]), esmClass: ESM_UDHI };
  });
}

/** The text of a received short_message: its UDH (if the indicator says there is one) left out. */
export function decodeShortMessage(
  raw: unknown,
  dataCoding: number,
  esmClass: number,
): { text: string; concat?: { ref: number; total: number; seq: number } } {
  // smpp decodes short_message into {udh?, message}; a Buffer or string may come from other paths.
  let bytes: Buffer;
  let text: string | undefined;
  let udh: Buffer[] | undefined;
  if (Buffer.isBuffer(raw)) bytes = raw;
  else if (typeof raw === 'string') return { text: raw };
  else if (raw && typeof raw === 'object' && 'message' in raw) {
    const decoded = raw as { message: unknown; udh?: Buffer[] };
    udh = decoded.udh;
    if (typeof decoded.message === 'string') text = decoded.message;
    bytes = Buffer.isBuffer(decoded.message) ? decoded.message : Buffer.alloc(0);
  } else return { text: '' };
  if (text === undefined) {
    if (!udh && esmClass & ESM_UDHI && bytes.length > 0) {
      const length = bytes[0] + 1;
      udh = [bytes.subarray(1, length)];
      bytes = bytes.subarray(length);
    }
    const coding = dataCoding & 0x0f;
    text =
      coding === DATA_CODING_UCS2
        ? Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)))
            .swap16()
            .toString('utf16le')
        : coding === DATA_CODING_GSM7
          ? smpp.gsmCoder.decode(bytes)
          : bytes.toString('latin1');
  }
  const ie = udh?.find((h) => h[0] === 0x00 && h.length >= 5);
  return ie ? { text, concat: { ref: ie[2], total: ie[3], seq: ie[4] } } : { text };
}
