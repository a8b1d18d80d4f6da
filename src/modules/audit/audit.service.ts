import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isSerialId } from '@/common/ids.js';
import { pageWindow, resolveLimit, toRowPage, type Page } from '@/common/pagination.js';
import { parseTimeRange } from '@/common/timestamps.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import type { RequestContext } from './audit-context.js';
import { AuditRepository } from './audit.repository.js';
import type { AuditEventListQuery } from './dto/list-audit-events.dto.js';
import type { AuditActorKind, AuditEventEntity } from './entities/audit-event.entity.js';
import type { AccountId } from '@/common/account-id.js';

/** The actions recorded so far; the name says `<target type>.<what happened>`. */
export type AuditAction =
  | 'device.created'
  | 'device.paired'
  | 'device.pairing_code.created'
  | 'device.revoked'
  | 'device.updated'
  | 'suppression.added'
  | 'suppression.removed'
  | 'suppression.imported'
  | 'message.canceled'
  | 'message.redriven'
  | 'account.created'
  | 'account.settings.updated'
  | 'user.signed_in'
  | 'user.password_changed'
  | 'oauth_client.created'
  | 'oauth_client.secret_rotated'
  | 'oauth_client.revoked'
  | 'user.invited'
  | 'user.joined'
  | 'user.role_changed'
  | 'user.removed'
  | 'webhook.created'
  | 'webhook.updated'
  | 'webhook.deleted'
  | 'webhook.secret_rotated'
  | 'webhook.disabled'
  | 'webhook.callback_secret_rotated'
  | 'route.created'
  | 'route.updated'
  | 'route.deleted'
  | 'carrier.created'
  | 'carrier.updated'
  | 'carrier.deleted'
  | 'template.created'
  | 'template.updated'
  | 'template.deleted'
  | 'campaign.created'
  | 'campaign.recipients_imported'
  | 'campaign.launched'
  | 'campaign.paused'
  | 'campaign.resumed'
  | 'campaign.canceled';

export interface AuditEventInput {
  accountId: AccountId;
  actor: { kind: AuditActorKind; id: string };
  action: AuditAction;
  target: { type: string; id: string };
  /** What changed. Never a secret: no token, pairing code, password or hash. */
  diff?: Record<string, unknown>;
  context?: RequestContext;
}

/**
 * The fields of an audit event that say who made a change and from where: the caller's account,
 * the caller (a console user or an OAuth2 client) as the actor, and the request.
 */
export function auditedBy(
  account: AccountRef,
  context: RequestContext | undefined,
): Pick<AuditEventInput, 'accountId' | 'actor' | 'context'> {
  return { accountId: account.accountId, actor: { kind: account.kind, id: account.subjectId }, context };
}

export interface AuditEventResource {
  id: string;
  actor: { kind: AuditActorKind; id: string };
  action: string;
  target: { type: string; id: string };
  at: string;
  ip: string | null;
  requestId: string | null;
  diff: Record<string, unknown> | null;
}

export function toAuditEventResource(e: AuditEventEntity): AuditEventResource {
  return {
    id: e.id,
    actor: { kind: e.actorKind, id: e.actorId },
    action: e.action,
    target: { type: e.targetType, id: e.targetId },
    at: e.at.toISOString(),
    ip: e.ip,
    requestId: e.requestId,
    diff: e.diff,
  };
}

const given = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

/**
 * The append-only audit trail (DESIGN.md §1: a leaf module that others import). `record` takes the
 * caller's transaction, so the event commits or rolls back with the change it describes.
 */
@Injectable()
export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  async record(manager: EntityManager, event: AuditEventInput): Promise<void> {
    await this.repo.insert(event.accountId, manager, {
      actorKind: event.actor.kind,
      actorId: event.actor.id,
      action: event.action,
      targetType: event.target.type,
      targetId: event.target.id,
      ip: event.context?.ip ?? null,
      requestId: event.context?.requestId ?? null,
      diff: event.diff ?? null,
    });
  }

  async list(accountId: AccountId, query: AuditEventListQuery): Promise<Page<AuditEventResource>> {
    const limit = resolveLimit(query.limit ?? undefined);
    const { since, until } = parseTimeRange(query.since ?? undefined, query.until ?? undefined);
    const rows = await this.repo.list(accountId, {
      action: given(query.action) ? query.action : undefined,
      targetId: given(query.targetId) ? query.targetId : undefined,
      actorId: given(query.actorId) ? query.actorId : undefined,
      since,
      until,
      ...pageWindow(limit, query.cursor, isSerialId),
    });
    return toRowPage(rows, limit, toAuditEventResource);
  }
}
