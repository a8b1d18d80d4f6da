import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFound } from '@/common/errors.js';
import type { RequestContext } from '@/modules/audit/audit-context.js';
import { AuditService } from '@/modules/audit/audit.service.js';
import type { UpdateAccountSettingsDto } from './dto/account-settings.dto.js';
import { AccountEntity, type AccountSettings } from './entities/account.entity.js';
import type { AccountRef } from './scopes.js';

/** Every setting with its effective value (the stored jsonb holds only what was ever set). */
export interface AccountSettingsResource {
  stickyRecipients: boolean;
}

function toResource(settings: AccountSettings): AccountSettingsResource {
  return { stickyRecipients: settings.stickyRecipients ?? false };
}

/**
 * The account's behaviour switches. Dispatch reads them through DevicesService.accountSettings,
 * which caches them for two seconds, so a change takes effect everywhere within that.
 */
@Injectable()
export class AccountSettingsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async get(account: AccountRef): Promise<AccountSettingsResource> {
    const row = await this.db
      .getRepository(AccountEntity)
      .findOne({ where: { id: account.accountId }, select: { id: true, settings: true } });
    if (!row) throw new NotFound('Account');
    return toResource(row.settings);
  }

  async update(
    account: AccountRef,
    dto: UpdateAccountSettingsDto,
    context?: RequestContext,
  ): Promise<AccountSettingsResource> {
    return this.db.transaction(async (tx) => {
      // Locked, so two changes of different settings at once both land.
      const row = await tx.findOne(AccountEntity, {
        where: { id: account.accountId },
        select: { id: true, settings: true },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw new NotFound('Account');
      const before = toResource(row.settings);
      const after: AccountSettingsResource = { stickyRecipients: dto.stickyRecipients ?? before.stickyRecipients };
      if (after.stickyRecipients === before.stickyRecipients) return before;
      await tx.update(AccountEntity, { id: account.accountId }, { settings: { ...row.settings, ...after } });
      await this.audit.record(tx, {
        accountId: account.accountId,
        actor: { kind: account.kind, id: account.subjectId },
        action: 'account.settings.updated',
        target: { type: 'account', id: account.accountId },
        diff: { stickyRecipients: { from: before.stickyRecipients, to: after.stickyRecipients } },
        context,
      });
      return after;
    });
  }
}
