import { Injectable } from '@nestjs/common';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { AppError } from '@/common/errors.js';
import { AppConfig, listSetting } from '@/config/app-config.js';
import { AccountSettingsCache } from '@/modules/auth/account-settings-cache.js';
import type { AccountId } from '@/common/account-id.js';

/** 422: premium-rate, a denied range, or a country the account does not allow (DESIGN.md §3). */
export class DestinationBlocked extends AppError {
  constructor(detail: string) {
    super('DESTINATION_BLOCKED', detail);
  }
}

export interface DestinationRules {
  /** ISO 3166 alpha-2 codes the account sends to; undefined or empty: every country. */
  allowedCountries?: string[];
  /** E.164 prefixes no account sends to (DESTINATION_DENY_PREFIXES). */
  denyPrefixes: string[];
  /** DESTINATION_DENY_TYPES: libphonenumber number types no account sends to (PREMIUM_RATE, SHARED_COST). */
  denyTypes: ReadonlySet<string>;
}

const TYPE_NAMES: Record<string, string> = {
  PREMIUM_RATE: 'a premium-rate number',
  SHARED_COST: 'a shared-cost number',
};

/**
 * Why a send to `to` (already E.164 and valid) is refused, or undefined. Premium-rate numbers come
 * from libphonenumber's full metadata (the number plan of each country), the deny-list from the
 * configuration, the allowed countries from the account. SMS pumping (traffic to numbers that pay
 * whoever runs them) is what these stop; a number without a country (satellite, international
 * networks) is outside every allowed-country list.
 */
export function destinationRefusal(to: string, rules: DestinationRules): string | undefined {
  const prefix = rules.denyPrefixes.find((p) => to.startsWith(p));
  if (prefix) return `to starts with ${prefix}, which this gateway does not send to (DESTINATION_DENY_PREFIXES)`;
  const parsed = parsePhoneNumberFromString(to);
  const type = parsed?.getType();
  if (type && rules.denyTypes.has(type)) {
    return `to is ${TYPE_NAMES[type] ?? `of type ${type}`}, which this gateway does not send to (DESTINATION_DENY_TYPES)`;
  }
  if (rules.allowedCountries && rules.allowedCountries.length > 0) {
    const country = parsed?.country;
    if (!country || !rules.allowedCountries.includes(country)) {
      return `to is outside the countries the account sends to: ${rules.allowedCountries.join(', ')} (allowedCountries in the account settings)`;
    }
  }
  return undefined;
}

/** The rules for an account's sends: the gateway's deny-lists, the account's countries. */
@Injectable()
export class DestinationPolicy {
  private readonly denyPrefixes: string[];
  private readonly denyTypes: ReadonlySet<string>;

  constructor(
    config: AppConfig,
    private readonly settings: AccountSettingsCache,
  ) {
    this.denyPrefixes = listSetting(config.DESTINATION_DENY_PREFIXES);
    this.denyTypes = new Set(listSetting(config.DESTINATION_DENY_TYPES));
  }

  /** Why the account may not send to `to`, or undefined. The account's countries are cached for two seconds. */
  async refusal(accountId: AccountId, to: string): Promise<string | undefined> {
    const settings = await this.settings.get(accountId);
    return destinationRefusal(to, {
      allowedCountries: settings.allowedCountries,
      denyPrefixes: this.denyPrefixes,
      denyTypes: this.denyTypes,
    });
  }

  /** Throws DestinationBlocked when the account may not send to `to`. */
  async check(accountId: AccountId, to: string): Promise<void> {
    const refusal = await this.refusal(accountId, to);
    if (refusal) throw new DestinationBlocked(refusal);
  }
}
