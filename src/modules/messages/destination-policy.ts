import { Injectable } from '@nestjs/common';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { AppError } from '@/common/errors.js';
import { AppConfig } from '@/config/app-config.js';
import { DevicesService } from '@/modules/devices/devices.service.js';

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
  /** DESTINATION_ALLOW_PREMIUM: premium-rate numbers (libphonenumber's PREMIUM_RATE type) allowed. */
  allowPremium: boolean;
}

/**
 * Why a send to `to` (already E.164 and valid) is refused, or undefined. Premium-rate numbers come
 * from libphonenumber's full metadata (the number plan of each country), the deny-list from the
 * configuration, the allowed countries from the account. SMS pumping (traffic to numbers that pay
 * whoever runs them) is what these stop; a number without a country (satellite, international
 * networks) is outside every allowed-country list.
 */
export function destinationRefusal(to: string, rules: DestinationRules): string | undefined {
  const prefix = rules.denyPrefixes.find((p) => to.startsWith(p));
  if (prefix) return `Numbers starting ${prefix} are blocked on this gateway (DESTINATION_DENY_PREFIXES)`;
  const parsed = parsePhoneNumberFromString(to);
  if (!rules.allowPremium && parsed?.getType() === 'PREMIUM_RATE') {
    return 'The number is a premium-rate number, which this gateway does not send to';
  }
  if (rules.allowedCountries && rules.allowedCountries.length > 0) {
    const country = parsed?.country;
    if (!country || !rules.allowedCountries.includes(country)) {
      return `The account sends only to ${rules.allowedCountries.join(', ')} (allowedCountries in the account settings)`;
    }
  }
  return undefined;
}

/** The rules for an account's sends: the gateway's deny-list and premium setting, the account's countries. */
@Injectable()
export class DestinationPolicy {
  private readonly denyPrefixes: string[];

  constructor(
    private readonly config: AppConfig,
    private readonly devices: DevicesService,
  ) {
    this.denyPrefixes = config.DESTINATION_DENY_PREFIXES.split(',')
      .map((p) => p.trim())
      .filter(Boolean);
  }

  /** Throws DestinationBlocked when the account may not send to `to`. Settings are cached for two seconds. */
  async check(accountId: string, to: string): Promise<void> {
    const settings = await this.devices.accountSettings(accountId);
    const refusal = destinationRefusal(to, {
      allowedCountries: settings.allowedCountries,
      denyPrefixes: this.denyPrefixes,
      allowPremium: this.config.DESTINATION_ALLOW_PREMIUM,
    });
    if (refusal) throw new DestinationBlocked(refusal);
  }
}
