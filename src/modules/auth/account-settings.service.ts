import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFound, ValidationFailed, type FieldError } from '@/common/errors.js';
import type { RequestContext } from '@/modules/audit/audit-context.js';
import { AuditService, auditedBy } from '@/modules/audit/audit.service.js';
import { listedZones, zonesOfCountry } from '@/modules/campaigns/zones.js';
import type { KeywordRepliesDto, UpdateAccountSettingsDto } from './dto/account-settings.dto.js';
import type { AccountSettings, KeywordReplies } from './entities/account.entity.js';
import { AccountsRepository } from './accounts.repository.js';
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
  /** Only once the account chose a zone for a country with several (country to IANA zone). */
  timeZones?: Record<string, string>;
}

function toResource(settings: AccountSettings): AccountSettingsResource {
  return {
    stickyRecipients: settings.stickyRecipients ?? false,
    ...(settings.keywordReplies ? { keywordReplies: { ...settings.keywordReplies } } : {}),
    ...(settings.allowedCountries?.length ? { allowedCountries: [...settings.allowedCountries] } : {}),
    ...(settings.timeZones && Object.keys(settings.timeZones).length > 0
      ? { timeZones: { ...settings.timeZones } }
      : {}),
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

const COUNTRY_CODE = /^[A-Z]{2}$/;

/**
 * Each entry of a `timeZones` change, at its own field `timeZones.XX`: the key a country whose
 * zones keep more than one clock, the value one of its zones, or null (removal; also for a country
 * stored before).
 */
function timeZoneErrors(change: Record<string, unknown>, stored: Record<string, string> | undefined): FieldError[] {
  const errors: FieldError[] = [];
  for (const [country, zone] of Object.entries(change)) {
    const field = `timeZones.${country}`;
    const zones = COUNTRY_CODE.test(country) ? zonesOfCountry(country) : [];
    if (zone === null && stored && Object.hasOwn(stored, country)) continue;
    if (zones.length < 2) {
      errors.push({
        field,
        message:
          zones.length === 1
            ? `${field}: ${country} has a single time zone, so there is none to choose`
            : `${field}: the key must be an ISO 3166 alpha-2 code in capitals of a country with several time zones, such as US`,
      });
    } else if (zone !== null && (typeof zone !== 'string' || !listedZones(country).includes(zone))) {
      errors.push({
        field,
        message: `${field} must be null or one of the time zones of ${country}, such as ${zones.join(', ')}`,
      });
    }
  }
  return errors;
}

/** The stored map after a change: a zone given replaces, null removes, a country not named keeps. */
function mergeTimeZones(
  stored: Record<string, string> | undefined,
  change: Record<string, string | null> | null,
): Record<string, string> {
  if (change === null) return {};
  const merged: Record<string, string> = { ...stored };
  for (const [country, zone] of Object.entries(change)) {
    if (zone === null) delete merged[country];
    else merged[country] = zone;
  }
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
}

function sameTimeZones(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
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
    private readonly accounts: AccountsRepository,
    private readonly audit: AuditService,
    private readonly cache: AccountSettingsCache,
  ) {}

  async get(account: AccountRef): Promise<AccountSettingsResource> {
    const row = await this.accounts.findSettings(account.accountId);
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
      const row = await this.accounts.lockSettings(account.accountId, tx);
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
      if (dto.timeZones !== undefined) {
        const stored = row.settings.timeZones;
        if (dto.timeZones !== null) {
          const errors = timeZoneErrors(dto.timeZones, stored);
          if (errors.length > 0) throw new ValidationFailed(errors);
        }
        const zones = mergeTimeZones(stored, dto.timeZones);
        const from = before.timeZones ?? {};
        if (!sameTimeZones(zones, from)) {
          if (Object.keys(zones).length > 0) settings.timeZones = zones;
          else delete settings.timeZones;
          diff.timeZones = { from, to: zones };
        }
      }
      if (Object.keys(diff).length === 0) return before;
      await this.accounts.updateSettings(account.accountId, settings, tx);
      await this.audit.record(tx, {
        ...auditedBy(account, context),
        action: 'account.settings.updated',
        target: { type: 'account', id: account.accountId },
        diff,
      });
      return toResource(settings);
    });
    // Committed: this process's sends use the new settings from the next one on.
    this.cache.forget(account.accountId);
    return updated;
  }
}
