import { describe, expect, it } from 'vitest';
import { isReceipt, mapReceiptState, parseReceiptText, readReceipt } from '../receipts.js';

const TEXT = 'id:smsc-42 sub:001 dlvrd:001 submit date:2601151200 done date:2601151201 stat:DELIVRD err:000 text:Hello';

describe('delivery receipts', () => {
  it('parses the receipt text, "submit date" with its space included', () => {
    expect(parseReceiptText(TEXT)).toEqual({
      id: 'smsc-42',
      stat: 'DELIVRD',
      err: '000',
      submitDate: '2601151200',
      doneDate: '2601151201',
    });
  });

  it('reads fields in any order and case', () => {
    expect(parseReceiptText('STAT:undeliv ERR:012 ID:abc')).toMatchObject({ id: 'abc', stat: 'UNDELIV', err: '012' });
  });

  it('maps DELIVRD to delivered, UNDELIV to undelivered, REJECTD to rejected, EXPIRED to expired, the rest to failed', () => {
    expect(mapReceiptState('DELIVRD', '000')).toEqual({ status: 'delivered' });
    expect(mapReceiptState('UNDELIV', '012')).toEqual({ status: 'undelivered', errorCode: 'SMPP_ERR_012' });
    expect(mapReceiptState('REJECTD', '001')).toEqual({ status: 'rejected', errorCode: 'SMPP_ERR_001' });
    expect(mapReceiptState('EXPIRED', '000')).toEqual({ status: 'expired' });
    expect(mapReceiptState('DELETED', '005')).toEqual({ status: 'failed', errorCode: 'SMPP_ERR_005' });
    expect(mapReceiptState('UNKNOWN')).toEqual({ status: 'failed' });
  });

  it('ignores states that are not final', () => {
    expect(mapReceiptState('ENROUTE')).toBeUndefined();
    expect(mapReceiptState('ACCEPTD')).toBeUndefined();
  });

  it('takes the gateway words HTTP carriers may send, with their own error prefix', () => {
    expect(mapReceiptState('delivered')).toEqual({ status: 'delivered' });
    expect(mapReceiptState('failed', 'E42', 'HTTP_ERR_')).toEqual({ status: 'failed', errorCode: 'HTTP_ERR_E42' });
  });

  it('prefers the receipted_message_id and message_state TLVs over the text', () => {
    expect(readReceipt({ text: '', receiptedMessageId: 'tlv-id', messageState: 5 })).toMatchObject({
      id: 'tlv-id',
      stat: 'UNDELIV',
    });
    expect(readReceipt({ text: TEXT })).toMatchObject({ id: 'smsc-42', stat: 'DELIVRD' });
    expect(readReceipt({ text: 'nothing here' })).toBeUndefined();
  });

  it('takes the error from network_error_code when the text has none', () => {
    const nec = Buffer.from([0x03, 0x00, 0x22]);
    expect(readReceipt({ text: '', receiptedMessageId: 'x', messageState: 5, networkErrorCode: nec })?.err).toBe('034');
  });

  it('tells receipts from ordinary SMS by the esm_class message type', () => {
    expect(isReceipt(0x04)).toBe(true);
    expect(isReceipt(0x44)).toBe(true);
    expect(isReceipt(0x20)).toBe(true);
    expect(isReceipt(0x00)).toBe(false);
    expect(isReceipt(0x40)).toBe(false);
  });
});
