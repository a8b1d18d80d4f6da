import type { DeviceConfigPayload, MessageSendPayload } from './protocol.js';

/**
 * Payloads from the server are input like any other: a malformed one is refused, never half-used.
 * Unknown fields are ignored so the server can add optional fields without breaking old phones.
 */

const MAX_ID_LENGTH = 200;
const MAX_ADDRESS_LENGTH = 64;
/** Far above the 10-part limit of the API: only a guard against absurd payloads. */
const MAX_BODY_LENGTH = 10_000;

export function parseMessageSend(raw: unknown): MessageSendPayload | undefined {
  if (!isRecord(raw)) {
    return undefined;
  }
  const { id, to, body, simSlot, expiresAt, attempt, traceparent, tracestate } = raw;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) {
    return undefined;
  }
  if (typeof to !== 'string' || to.trim().length === 0 || to.length > MAX_ADDRESS_LENGTH) {
    return undefined;
  }
  if (typeof body !== 'string' || body.length > MAX_BODY_LENGTH) {
    return undefined;
  }
  if (simSlot !== undefined && simSlot !== null && !isNonNegativeInteger(simSlot)) {
    return undefined;
  }
  if (typeof expiresAt !== 'string' || Number.isNaN(Date.parse(expiresAt))) {
    return undefined;
  }
  if (!isNonNegativeInteger(attempt)) {
    return undefined;
  }
  return {
    id,
    to,
    body,
    ...(typeof simSlot === 'number' ? { simSlot } : {}),
    expiresAt,
    attempt,
    ...(typeof traceparent === 'string' ? { traceparent } : {}),
    ...(typeof tracestate === 'string' ? { tracestate } : {}),
  };
}

/** The valid fields of a `device.config`; an invalid field is dropped, the rest still applies. */
export function parseDeviceConfig(raw: unknown): Partial<DeviceConfigPayload> | undefined {
  if (!isRecord(raw)) {
    return undefined;
  }
  const config: Partial<DeviceConfigPayload> = {};
  if (isFiniteNonNegative(raw.sendIntervalMs)) {
    config.sendIntervalMs = raw.sendIntervalMs;
  }
  if (isFiniteNonNegative(raw.maxPerMinute)) {
    config.maxPerMinute = raw.maxPerMinute;
  }
  if (Array.isArray(raw.simSlots) && raw.simSlots.every(isNonNegativeInteger)) {
    config.simSlots = raw.simSlots;
  }
  return config;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isFiniteNonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
