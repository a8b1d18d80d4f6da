import { describe, expect, it } from 'vitest';
import {
  DATA_CODING_GSM7,
  DATA_CODING_UCS2,
  ESM_UDHI,
  decodeShortMessage,
  encodeText,
  splitForSmpp,
} from '../smpp/smpp-encoding.js';

describe('SMPP encoding and concatenation', () => {
  it('sends GSM-7 text as data_coding 0, one septet per octet, extension characters escaped', () => {
    const [part, ...rest] = splitForSmpp('Hi €');
    expect(rest).toEqual([]);
    expect(part.dataCoding).toBe(DATA_CODING_GSM7);
    expect(part.esmClass).toBe(0);
    expect(part.shortMessage).toEqual(Buffer.from([0x48, 0x69, 0x20, 0x1b, 0x65]));
  });

  it('sends anything outside GSM-7 as UCS-2 (data_coding 8, UTF-16BE)', () => {
    const [part] = splitForSmpp('Привет');
    expect(part.dataCoding).toBe(DATA_CODING_UCS2);
    expect(part.shortMessage).toEqual(Buffer.from('Привет', 'utf16le').swap16());
  });

  it('keeps 160 GSM-7 characters in one part and splits 161 into two with a UDH', () => {
    expect(splitForSmpp('a'.repeat(160))).toHaveLength(1);
    const parts = splitForSmpp('a'.repeat(161), 'udh', 0x2a);
    expect(parts).toHaveLength(2);
    for (const [i, part] of parts.entries()) {
      expect(part.esmClass).toBe(ESM_UDHI);
      expect([...part.shortMessage.subarray(0, 6)]).toEqual([0x05, 0x00, 0x03, 0x2a, 2, i + 1]);
    }
    expect(parts[0].shortMessage.length - 6).toBe(153);
    expect(parts[1].shortMessage.length - 6).toBe(8);
  });

  it('never cuts an escape sequence between two parts', () => {
    const parts = splitForSmpp('a'.repeat(152) + '€' + 'b'.repeat(20));
    const first = parts[0].shortMessage.subarray(6);
    expect(first.length).toBe(152);
    expect(parts[1].shortMessage.subarray(6, 8)).toEqual(Buffer.from([0x1b, 0x65]));
  });

  it('splits UCS-2 at 67 units without cutting a surrogate pair', () => {
    expect(splitForSmpp('é'.repeat(70))).toHaveLength(1);
    const parts = splitForSmpp('😀'.repeat(40) + 'é');
    expect(parts).toHaveLength(2);
    expect(parts[0].dataCoding).toBe(DATA_CODING_UCS2);
    expect(parts[0].shortMessage.length - 6).toBe(33 * 4);
    const text = parts.map((p) => Buffer.from(p.shortMessage.subarray(6)).swap16().toString('utf16le')).join('');
    expect(text).toBe('😀'.repeat(40) + 'é');
  });

  it('can carry the reference in SAR TLVs instead of a UDH', () => {
    const parts = splitForSmpp('x'.repeat(200), 'sar', 7);
    expect(parts.map((p) => p.sar)).toEqual([
      { sar_msg_ref_num: 7, sar_total_segments: 2, sar_segment_seqnum: 1 },
      { sar_msg_ref_num: 7, sar_total_segments: 2, sar_segment_seqnum: 2 },
    ]);
    expect(parts[0].esmClass).toBe(0);
    expect(parts[0].shortMessage.length).toBe(153);
  });

  it('decodes a received short_message, its UDH and concatenation reference included', () => {
    const udh = Buffer.from([0x05, 0x00, 0x03, 0x11, 0x02, 0x01]);
    const raw = Buffer.concat([udh, encodeText('Grüße', DATA_CODING_UCS2)]);
    expect(decodeShortMessage(raw, DATA_CODING_UCS2, ESM_UDHI)).toEqual({
      text: 'Grüße',
      concat: { ref: 0x11, total: 2, seq: 1 },
    });
    expect(decodeShortMessage(encodeText('Hi €', DATA_CODING_GSM7), DATA_CODING_GSM7, 0)).toEqual({ text: 'Hi €' });
  });
});
