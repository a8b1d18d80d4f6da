import type { InboundMessageEntity } from './entities/inbound-message.entity.js';

/** An SMS a phone received, as the API shows it (the phone's own id for deduplication stays inside). */
export interface InboundMessageResource {
  id: string;
  from: string;
  to: string | null;
  body: string;
  deviceId: string | null;
  simSlot: number | null;
  receivedAt: string;
  createdAt: string;
}

export function toInboundMessageResource(m: InboundMessageEntity): InboundMessageResource {
  return {
    id: m.id,
    from: m.from,
    to: m.to,
    body: m.body,
    deviceId: m.deviceId,
    simSlot: m.simSlot,
    receivedAt: m.receivedAt.toISOString(),
    createdAt: m.createdAt.toISOString(),
  };
}
