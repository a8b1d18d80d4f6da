import { ValidationFailed } from '@/common/errors.js';
import { newId } from '@/common/ids.js';
import { findUnsafeInput } from '@/common/safe-input.js';
import type { SendMessageDto } from './dto/send-message.dto.js';
import { MessageEntity } from './entities/message.entity.js';
import { analyzeBody, normalizeRecipient } from './message-validation.js';
import { InvalidSchedule, MetadataTooLarge } from './messages.errors.js';
import type { AccountId } from '@/common/account-id.js';

export const DEFAULT_TTL_SECONDS = 24 * 3600;
export const MIN_TTL_SECONDS = 60;
export const MAX_TTL_SECONDS = 7 * 24 * 3600;
export const MAX_METADATA_BYTES = 4096;
/** `metadata` nests at most this deep (its own object is level 1). */
export const MAX_METADATA_DEPTH = 5;
/** `sendAt` may be this far ahead at most. */
export const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 3600 * 1000;
/** A `sendAt` this little in the past still counts as "now" (clock skew between client and server). */
export const SCHEDULE_SKEW_MS = 5000;

/**
 * Turns a validated send command into the message row, applying the rules that have their own
 * error codes (number plan, segments, schedule, TTL). Pure: the same for single and batch sends.
 */
/** Renders a template for a send: its id and the send's variables give the body. */
export type TemplateRenderer = (templateId: string, variables: unknown) => string;

/** The send's body: as given, or its template rendered (never both, and variables only with a template). */
function bodyOf(dto: SendMessageDto, render?: TemplateRenderer): string {
  if (dto.templateId !== undefined) {
    if (dto.body !== undefined) {
      throw new ValidationFailed([{ field: 'body', message: 'give body or templateId, not both' }]);
    }
    if (!render) throw new Error('a send names a template but no renderer was given');
    return render(dto.templateId, dto.variables);
  }
  if (dto.variables !== undefined) {
    throw new ValidationFailed([{ field: 'variables', message: 'variables go with templateId' }]);
  }
  return dto.body!;
}

/** Who sends (MessageEntity.sentBy) and, for a campaign's message, the campaign. */
export interface MessageOrigin {
  sentBy: string;
  campaignId?: string;
}

/** `user:<id>` or `client:<id>`: the caller of the API. */
export function senderOf(account: { kind: 'user' | 'client'; subjectId: string }): string {
  return `${account.kind}:${account.subjectId}`;
}

export function prepareMessage(
  accountId: AccountId,
  dto: SendMessageDto,
  now: Date,
  render?: TemplateRenderer,
  origin: MessageOrigin = { sentBy: 'system' },
): MessageEntity {
  const to = normalizeRecipient(dto.to);
  const body = bodyOf(dto, render);
  const { segments, encoding } = analyzeBody(body);
  const ttl = dto.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  if (ttl < MIN_TTL_SECONDS || ttl > MAX_TTL_SECONDS) {
    throw new InvalidSchedule(`ttlSeconds must be between ${MIN_TTL_SECONDS} and ${MAX_TTL_SECONDS}`);
  }
  let sendAt: Date | null = null;
  if (dto.sendAt !== undefined) {
    sendAt = new Date(dto.sendAt);
    const ahead = sendAt.getTime() - now.getTime();
    if (ahead < -SCHEDULE_SKEW_MS) throw new InvalidSchedule('sendAt is in the past');
    if (ahead > MAX_SCHEDULE_AHEAD_MS) throw new InvalidSchedule('sendAt is more than a year ahead');
    if (ahead <= 0) sendAt = null;
  }
  const unsafe = dto.metadata === undefined ? null : findUnsafeInput(dto.metadata, 'metadata', MAX_METADATA_DEPTH);
  if (unsafe) {
    // The nesting limit, or NUL / a lone surrogate when the metadata did not come through the pipe.
    throw new ValidationFailed([{ field: 'metadata', message: unsafe.message }], unsafe.message);
  }
  if (dto.metadata !== undefined && Buffer.byteLength(JSON.stringify(dto.metadata)) > MAX_METADATA_BYTES) {
    throw new MetadataTooLarge(MAX_METADATA_BYTES);
  }
  const start = sendAt ?? now;
  return Object.assign(new MessageEntity(), {
    id: newId(),
    accountId,
    to,
    from: dto.from ?? null,
    body,
    status: sendAt ? 'scheduled' : 'queued',
    errorCode: null,
    errorMessage: null,
    segments,
    encoding,
    priority: dto.priority ?? 'normal',
    deviceId: null,
    requestedDeviceId: dto.deviceId ?? null,
    carrierId: null,
    routeId: null,
    simSlot: dto.simSlot ?? null,
    requestedSimSlot: dto.simSlot ?? null,
    attempts: 0,
    sendAt,
    expiresAt: new Date(start.getTime() + ttl * 1000),
    createdAt: now,
    updatedAt: now,
    sentAt: null,
    deliveredAt: null,
    metadata: dto.metadata ?? null,
    callbackUrl: dto.callbackUrl ?? null,
    clientReference: dto.clientReference ?? null,
    templateId: dto.templateId ?? null,
    campaignId: origin.campaignId ?? null,
    sentBy: origin.sentBy,
  } satisfies MessageEntity);
}

/** The Bull job id of a message's current dispatch: the first is the message id, each retry its own. */
export function dispatchJobId(messageId: string, attempts: number): string {
  return attempts === 0 ? messageId : `${messageId}:a${attempts}`;
}
