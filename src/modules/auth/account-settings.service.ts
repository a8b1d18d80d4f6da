import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFound } from '@/common/errors.js';
import type { RequestContext } from '@/modules/audit/audit-context.js';
import { AuditService } from '@/modules/audit/audit.service.js';
import type { KeywordRepliesDto, UpdateAccountSettingsDto } from './dto/account-settings.dto.js';
import { AccountEntity, type AccountSettings, type KeywordReplies } from './entities/account.entity.js';
import { AccountSettingsCache } from './account-settings-cache.js';
import type { AccountRef } from './scopes.js';

/**
 * The settings as the API shows them: `stickyRecipients` with its effective value, and
 * `keywordReplies` only once the account set one of them (a keyword it does not list gets
 * DEFAULT_KEYWORD_REPLIES).
 */
export interface AccountSettingsResource {
  stickyRecipients: boolean;
  keywordReplies?: KeywordReplies;
  /** Only once the account limited its countries (REST leaves it out before, as keywordReplies). */
  allowedCountries?: string[];
}

function toResource(settings: AccountSettings): AccountSettingsResource {
  return {
    stickyRecipients: settings.stickyRecipients ?? false,
    ...(settings.keywordReplies ? { keywordReplies: { ...settings.keywordReplies } } : {}),
    ...(settings.allowedCountries?.length ? { allowedCountries: [...settings.allowedCountries] } : {}),
  };
}

const KEYWORDS = ['stop', 'start', 'help'] as const;

/** The stored texts after a change: a text given replaces, null removes, absent keeps. */
function mergeReplies(
  stored: KeywordReplies | undefined,
  change: KeywordRepliesDto | null,
): KeywordReplies | undefined {
  if (change === null) return undefined;
  const merged: KeywordReplies = { ...stored };
  for (const keyword of KEYWORDS) {
    const text = change[keyword];
    if (text === null) delete merged[keyword];
    else if (text !== undefined) merged[keyword] = text;
  }
  return KEYWORDS.some((k) => merged[k] !== undefined) ? merged : undefined;
}

function sameReplies(a: KeywordReplies | undefined, b: KeywordReplies | undefined): boolean {
  return KEYWORDS.every((k) => a?.[k] === b?.[k]);
}

/**
 * The account's behaviour switches. Dispatch reads them through DevicesService.accountSettings,
 * which caches them for two seconds, so a change takes effect everywhere within that; keyword
 * replies are read uncached when an inbound keyword arrives.
 */
@Injectable()
export class AccountSettingsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly cache: AccountSettingsCache,
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
    const updated = await this.db.transaction(async (tx) => {
      // Locked, so two changes of different settings at once both land.
      const row = await tx.findOne(AccountEntity, {
        where: { id: account.accountId },
        select: { id: true, settings: true },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) throw new NotFound('Account');
      const before = toResource(row.settings);
      const settings: AccountSettings = { ...row.settings };
      const diff: Record<string, { from: unknown; to: unknown }> = {};
      const sticky = dto.stickyRecipients ?? before.stickyRecipients;
      if (sticky !== before.stickyRecipients) {
        settings.stickyRecipients = sticky;
        diff.stickyRecipients = { from: before.stickyRecipients, to: sticky };
      }
      if (dto.keywordReplies !== undefined) {
        const replies = mergeReplies(row.settings.keywordReplies, dto.keywordReplies);
        if (!sameReplies(replies, row.settings.keywordReplies)) {
          if (replies) settings.keywordReplies = replies;
          else delete settings.keywordReplies;
          diff.keywordReplies = { from: row.settings.keywordReplies ?? null, to: replies ?? null };
        }
      }
      if (dto.allowedCountries !== undefined) {
        const countries = [...(dto.allowedCountries ?? [])].sort();
        if (countries.join() !== [...(before.allowedCountries ?? [])].sort().join()) {
          if (countries.length > 0) settings.allowedCountries = countries;
          else delete settings.allowedCountries;
          diff.allowedCountries = { from: before.allowedCountries ?? [], to: countries };
        }
      }
      if (Object.keys(diff).length === 0) return before;
      await tx.update(AccountEntity, { id: account.accountId }, { settings });
      await this.audit.record(tx, {
        accountId: account.accountId,
        actor: { kind: account.kind, id: account.subjectId },
        action: 'account.settings.updated',
        target: { type: 'account', id: account.accountId },
        diff,
        context,
      });
      return toResource(settings);
    });
    // Committed: this process's sends use the new settings from the next one on.
    this.cache.forget(account.accountId);
    return updated;
  }
}
