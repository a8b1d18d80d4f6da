import type { PairDeviceInfo, PairRequest, PairResponse } from './protocol.js';

export class PairingError extends Error {
  constructor(
    /** The problem+json `code` (e.g. `INVALID_PAIRING_CODE`), or `HTTP_<status>` when the body has none. */
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'PairingError';
  }
}

/** Exchanges a one-time pairing code for the device id and its token (shown once: store it). */
export async function pairDevice(
  serverUrl: string,
  code: string,
  device?: PairDeviceInfo,
  options: { fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<PairResponse> {
  const doFetch = options.fetch ?? fetch;
  const request: PairRequest = { code, ...(device ? { device } : {}) };
  const response = await doFetch(`${serverUrl.replace(/\/+$/, '')}/v1/agent/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, application/problem+json' },
    body: JSON.stringify(request),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (!response.ok) {
    const errorCode = typeof record.code === 'string' ? record.code : `HTTP_${response.status}`;
    const detail = typeof record.detail === 'string' ? record.detail : response.statusText;
    throw new PairingError(
      errorCode,
      response.status,
      `pairing failed: ${errorCode} (${response.status}) ${detail}`.trim(),
    );
  }
  if (typeof record.deviceId !== 'string' || typeof record.token !== 'string') {
    throw new PairingError(
      'INVALID_RESPONSE',
      response.status,
      'pairing failed: the server answered without deviceId and token',
    );
  }
  return { deviceId: record.deviceId, token: record.token };
}
