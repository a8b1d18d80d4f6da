/**
 * The agent protocol (DESIGN.md §5, contract). This file is the single source of truth:
 * the server imports these types, so the two sides cannot drift apart.
 *
 * Socket.IO namespace `/agent`; the handshake carries `auth: { token }`.
 */

export const AGENT_NAMESPACE = '/agent';

/**
 * A W3C traceparent: version, trace id, parent span id and flags, lower-case hex (captured in that
 * order). The one definition for both ends: the phone parses it, the server validates it.
 */
export const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** W3C trace context, present on every payload when the sender has an active trace. */
export interface Traced {
  traceparent?: string;
  tracestate?: string;
}

export interface SimInfo {
  slot: number;
  phoneNumber?: string;
  operator?: string;
}

/** What the phone says about itself when pairing (`POST /v1/agent/pair`). */
export interface PairDeviceInfo {
  appVersion?: string;
  model?: string;
  manufacturer?: string;
  osVersion?: string;
  sims?: SimInfo[];
}

export interface PairRequest {
  code: string;
  device?: PairDeviceInfo;
}

export interface PairResponse {
  deviceId: string;
  token: string;
}

/** States of a message in the phone's outbox. */
export type OutboxState = 'accepted' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed';

export interface HelloPayload extends Traced {
  appVersion: string;
  sims: SimInfo[];
  outbox: { id: string; state: OutboxState }[];
}

export interface HelloAck {
  ok: true;
  deviceId: string;
  /** Ids the server still expects this phone to send: the phone keeps these. */
  resend?: string[];
  /** Ids the phone must drop without sending (canceled, expired, or given to another route). */
  cancel?: string[];
}

export interface MessageSendPayload extends Traced {
  id: string;
  to: string;
  body: string;
  simSlot?: number;
  /** ISO 8601; the phone never sends after this time. */
  expiresAt: string;
  attempt: number;
}

export type MessageSendAck = { accepted: true } | { accepted: false; code: string };

export type ReportedStatus = 'sent' | 'delivered' | 'undelivered' | 'failed';

export interface MessageStatusPayload extends Traced {
  id: string;
  status: ReportedStatus;
  /** ISO 8601, when the phone observed the status. */
  at: string;
  errorCode?: string;
  errorMessage?: string;
  parts?: number;
}

export type OkAck = { ok: true } | { ok: false; code: string };

export interface SmsReceivedPayload extends Traced {
  /**
   * Phone-generated id, stable across retries of the same SMS: the phone re-sends until acked, so
   * the server can drop a duplicate whose first ack was lost.
   */
  id?: string;
  from: string;
  body: string;
  receivedAt: string;
  simSlot: number;
}

export interface HeartbeatPayload extends Traced {
  battery?: number;
  charging?: boolean;
  signal?: number;
  /**
   * Whether Android exempts the app from battery optimisation (Doze would otherwise pause it),
   * checked for each heartbeat; null or absent when the phone cannot tell.
   */
  batteryOptimizationExempt?: boolean | null;
  queueDepth: number;
}

export interface DeviceConfigPayload extends Traced {
  sendIntervalMs: number;
  maxPerMinute: number;
  simSlots: number[];
}

/** Events the phone emits; the last argument is the server's acknowledgement. */
export interface AgentToServerEvents {
  hello: (payload: HelloPayload, ack: (res: HelloAck | { ok: false; code: string }) => void) => void;
  'message.status': (payload: MessageStatusPayload, ack: (res: OkAck) => void) => void;
  'sms.received': (payload: SmsReceivedPayload, ack: (res: OkAck) => void) => void;
  heartbeat: (payload: HeartbeatPayload, ack?: (res: OkAck) => void) => void;
}

/** Events the server emits to the phone. */
export interface ServerToAgentEvents {
  'message.send': (payload: MessageSendPayload, ack: (res: MessageSendAck) => void) => void;
  'device.config': (payload: DeviceConfigPayload) => void;
}

/**
 * Codes the server refuses a phone with: in the handshake (`connect_error`, the code is the
 * message) or in a refused `hello` ack. Only UNAUTHENTICATED is final (a bad or revoked token);
 * a disabled device is retried slowly until it is enabled again, anything else with a back-off.
 */
export const AgentRefusalCodes = {
  /** The token is unknown or revoked: the phone must be paired again. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The device is disabled in the console; its token works again once it is enabled. */
  DEVICE_DISABLED: 'DEVICE_DISABLED',
  /** The server failed inside (a database lookup, say): worth retrying. */
  INTERNAL: 'INTERNAL',
  /** The phone is over its event budget: worth retrying later. */
  RATE_LIMITED: 'RATE_LIMITED',
} as const;
export type AgentRefusalCode = (typeof AgentRefusalCodes)[keyof typeof AgentRefusalCodes];

/** Error codes a phone may use in `message.status.errorCode` or a refused `message.send` ack. */
export const AgentErrorCodes = {
  /** Radio off, no service: worth retrying elsewhere or later. */
  NO_SERVICE: 'NO_SERVICE',
  /** Generic SIM failure (RESULT_ERROR_GENERIC_FAILURE): retryable. */
  GENERIC_FAILURE: 'GENERIC_FAILURE',
  /** The SIM or network refused the destination: permanent. */
  INVALID_DESTINATION: 'INVALID_DESTINATION',
  /** The phone is at its own send limit. */
  THROTTLED: 'THROTTLED',
  /** `expiresAt` passed before the phone could send. */
  EXPIRED: 'EXPIRED',
  /** The payload failed validation on the phone. */
  INVALID_PAYLOAD: 'INVALID_PAYLOAD',
  /** No SIM in the requested slot. */
  NO_SUCH_SIM: 'NO_SUCH_SIM',
  /** The phone could not persist the message to its outbox, so it did not accept it. */
  STORAGE_FAILURE: 'STORAGE_FAILURE',
} as const;
export type AgentErrorCode = (typeof AgentErrorCodes)[keyof typeof AgentErrorCodes];
