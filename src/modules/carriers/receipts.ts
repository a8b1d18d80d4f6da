import type { ReportedStatus } from '@sms-gateway/android-agent/protocol';

/** What a final delivery receipt says about one part, in the gateway's statuses (DESIGN.md §2). */
export type ReceiptStatus = Extract<ReportedStatus, 'delivered' | 'undelivered' | 'failed'> | 'rejected' | 'expired';

export interface ReceiptOutcome {
  status: ReceiptStatus;
  errorCode?: string;
}

export interface ParsedReceipt {
  /** The carrier's message id the receipt is about. */
  id?: string;
  /** The receipt's `stat:` word (DELIVRD, UNDELIV, …) or the message_state TLV's name. */
  stat?: string;
  err?: string;
  submitDate?: string;
  doneDate?: string;
}

/**
 * The de-facto receipt text (SMPP 3.4 Appendix B): `id:IIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm
 * done date:YYMMDDhhmm stat:DDDDDDD err:E text:…`. Field order and case vary between SMSCs, and
 * `submit date` has a space in its name; every field is optional.
 */
export function parseReceiptText(text: string): ParsedReceipt {
  const field = (name: string): string | undefined => {
    const match = new RegExp(`(?:^|\\s)${name}:(\\S*)`, 'i').exec(text);
    return match?.[1] || undefined;
  };
  return {
    id: field('id'),
    stat: field('stat')?.toUpperCase(),
    err: field('err'),
    submitDate: field('submit date'),
    doneDate: field('done date'),
  };
}

/** message_state TLV values (SMPP 3.4 §5.2.28) as the receipt text's `stat` words. */
const MESSAGE_STATES: Record<number, string> = {
  0: 'SCHEDULED',
  1: 'ENROUTE',
  2: 'DELIVRD',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIV',
  6: 'ACCEPTD',
  7: 'UNKNOWN',
  8: 'REJECTD',
  9: 'SKIPPED',
};

export function messageStateName(state: number): string {
  return MESSAGE_STATES[state] ?? `STATE_${state}`;
}

/** States that are not final: the receipt says nothing yet (intermediate notifications). */
const PENDING = new Set(['SCHEDULED', 'ENROUTE', 'ACCEPTD', 'ACCEPTED', 'BUFFRED', 'BUFFERED', 'SENT']);

/**
 * A receipt state to the message's status: DELIVRD → delivered, UNDELIV → undelivered, REJECTD →
 * rejected (the network refused it: distinct from a handset it could not reach), EXPIRED → expired,
 * anything else final (DELETED, UNKNOWN, …) → failed. The carrier's error code
 * comes along as `SMPP_ERR_<err>` (HTTP carriers: the code they give). Undefined for a state that
 * is not final. Also takes the gateway's own words, which HTTP carriers may send.
 */
export function mapReceiptState(stat: string, err?: string, prefix = 'SMPP_ERR_'): ReceiptOutcome | undefined {
  const word = stat.trim().toUpperCase();
  if (PENDING.has(word)) return undefined;
  const errorCode = err !== undefined && err !== '' && !/^0+$/.test(err) ? `${prefix}${err}` : undefined;
  const withCode = (status: ReceiptStatus): ReceiptOutcome => (errorCode ? { status, errorCode } : { status });
  switch (word) {
    case 'DELIVRD':
    case 'DELIVERED':
      return { status: 'delivered' };
    case 'UNDELIV':
    case 'UNDELIVERABLE':
    case 'UNDELIVERED':
      return withCode('undelivered');
    case 'REJECTD':
    case 'REJECTED':
      return withCode('rejected');
    case 'EXPIRED':
      return withCode('expired');
    default:
      return withCode('failed');
  }
}

/** A deliver_sm is a receipt when its esm_class message type says MC delivery receipt (or intermediate notification). */
export function isReceipt(esmClass: number): boolean {
  const type = esmClass & 0x3c;
  return type === 0x04 || type === 0x20;
}

/**
 * The receipt in a deliver_sm: the TLVs (receipted_message_id, message_state) when present, else
 * the text. Undefined when neither names a message.
 */
export function readReceipt(pdu: {
  text: string;
  receiptedMessageId?: unknown;
  messageState?: unknown;
  networkErrorCode?: unknown;
}): ParsedReceipt | undefined {
  const parsed = parseReceiptText(pdu.text);
  const id = typeof pdu.receiptedMessageId === 'string' && pdu.receiptedMessageId ? pdu.receiptedMessageId : parsed.id;
  const stat = typeof pdu.messageState === 'number' ? messageStateName(pdu.messageState) : parsed.stat;
  let err = parsed.err;
  // network_error_code: 1 octet network type, 2 octets error.
  if (err === undefined && Buffer.isBuffer(pdu.networkErrorCode) && pdu.networkErrorCode.length >= 3) {
    err = String(pdu.networkErrorCode.readUInt16BE(1)).padStart(3, '0');
  }
  if (!id || !stat) return undefined;
  return { ...parsed, id, stat, err };
}
