import type { AgentErrorCode, SimInfo } from './protocol.js';

/**
 * The only boundary to the SIM. The Android app implements it over the native SMS library; the
 * headless agent and the tests use `SimulatedSmsTransport`.
 */
export interface SmsTransport {
  listSims(): Promise<SimInfo[]>;
  /**
   * Hands the message to the radio and resolves once that is done (not when it is sent: part events
   * say that). Rejects with an `SmsTransportError` when it cannot even start, which guarantees that
   * nothing was transmitted, so the caller may retry.
   */
  send(request: SendRequest): Promise<SendResult>;
  /** Sent and delivery reports per part; returns the unsubscribe function. */
  onPartEvent(listener: (event: PartEvent) => void): () => void;
  /** SMS received on any SIM; returns the unsubscribe function. */
  onIncoming(listener: (sms: IncomingSms) => void): () => void;
}

export interface SendRequest {
  id: string;
  to: string;
  body: string;
  simSlot?: number;
}

export interface SendResult {
  parts: number;
}

export interface PartEvent {
  messageId: string;
  /** 0-based. */
  partIndex: number;
  partCount: number;
  /** `sent`: the SIM's sent intent; `delivered`: the SMSC status report (TP-Status). */
  kind: 'sent' | 'delivered';
  ok: boolean;
  errorCode?: string;
  /** TP-Status of a delivery report (3GPP TS 23.040 §9.2.3.15), when the platform gives it. */
  tpStatus?: number;
}

export interface IncomingSms {
  from: string;
  body: string;
  receivedAt: Date;
  simSlot: number;
}

/** A send that could not even start: nothing was transmitted. */
export class SmsTransportError extends Error {
  constructor(
    readonly code: AgentErrorCode | (string & {}),
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'SmsTransportError';
  }
}

/** The error code carried by anything a transport may throw; unknown errors count as generic failures. */
export function transportErrorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' && error.code) {
    return error.code;
  }
  return 'GENERIC_FAILURE';
}
