import type { MessageEventEntity } from './entities/message-event.entity.js';
import type { MessageEntity } from './entities/message.entity.js';

/** The message resource of the contract (DESIGN.md §3). */
export interface MessageResource {
  id: string;
  to: string;
  from: string | null;
  body: string;
  status: string;
  errorCode: string | null;
  errorMessage: string | null;
  segments: number;
  encoding: string;
  priority: string;
  deviceId: string | null;
  carrierId: string | null;
  routeId: string | null;
  simSlot: number | null;
  attempts: number;
  sendAt: string | null;
  expiresAt: string;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  metadata: Record<string, unknown> | null;
  clientReference: string | null;
  templateId: string | null;
  campaignId: string | null;
  /** Who sent it: `user:<id>`, `client:<id>`, `campaign:<id>` or `system` (null for messages older than the field). */
  sentBy: string | null;
  events?: MessageEventResource[];
}

export interface MessageEventResource {
  status: string;
  at: string;
  source: string;
  attempt: number;
  deviceId?: string;
  carrierId?: string;
  errorCode?: string;
  errorMessage?: string;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toMessageResource(m: MessageEntity, events?: MessageEventEntity[]): MessageResource {
  return {
    id: m.id,
    to: m.to,
    from: m.from,
    body: m.body,
    status: m.status,
    errorCode: m.errorCode,
    errorMessage: m.errorMessage,
    segments: m.segments,
    encoding: m.encoding,
    priority: m.priority,
    deviceId: m.deviceId,
    carrierId: m.carrierId,
    routeId: m.routeId,
    simSlot: m.simSlot,
    attempts: m.attempts,
    sendAt: iso(m.sendAt),
    expiresAt: m.expiresAt.toISOString(),
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
    sentAt: iso(m.sentAt),
    deliveredAt: iso(m.deliveredAt),
    metadata: m.metadata,
    clientReference: m.clientReference,
    templateId: m.templateId,
    campaignId: m.campaignId,
    sentBy: m.sentBy,
    ...(events ? { events: events.map(toEventResource) } : {}),
  };
}

export function toEventResource(e: MessageEventEntity): MessageEventResource {
  return {
    status: e.status,
    at: e.at.toISOString(),
    source: e.source,
    attempt: e.attempt,
    ...(e.deviceId ? { deviceId: e.deviceId } : {}),
    ...(e.carrierId ? { carrierId: e.carrierId } : {}),
    ...(e.errorCode ? { errorCode: e.errorCode } : {}),
    ...(e.errorMessage ? { errorMessage: e.errorMessage } : {}),
  };
}
