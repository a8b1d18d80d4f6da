import smpp from 'smpp';

const NAMES = new Map<number, string>(Object.entries(smpp.errors).map(([name, value]) => [value, name]));

export function commandStatusName(status: number): string {
  return NAMES.get(status) ?? `0x${status.toString(16).padStart(8, '0')}`;
}

/**
 * command_status values of a submit_sm_resp that another try may fix: the SMSC is busy, throttling,
 * or failing inside; or this side's bind is in the wrong state. Everything else (a bad address,
 * data coding, message length, or a refusal) is the message's fault, and sending it again changes
 * nothing.
 */
const TRANSIENT = new Set([
  smpp.errors.ESME_RTHROTTLED,
  smpp.errors.ESME_RMSGQFUL,
  smpp.errors.ESME_RSYSERR,
  smpp.errors.ESME_RSUBMITFAIL,
  smpp.errors.ESME_RINVBNDSTS,
  smpp.errors.ESME_RX_T_APPN,
  smpp.errors.ESME_RUNKNOWNERR,
]);

export function isPermanent(status: number): boolean {
  return !TRANSIENT.has(status);
}
