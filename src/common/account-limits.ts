import type { EntityManager } from 'typeorm';
import { AppError } from './errors.js';
import type { AccountId } from '@/common/account-id.js';

/** What an account may hold a limited number of: the table, which rows count, and the setting. */
export const ACCOUNT_LIMITS = {
  webhooks: { label: 'webhook endpoints', setting: 'ACCOUNT_MAX_WEBHOOKS', from: 'webhook_endpoints', where: '' },
  carriers: { label: 'carriers', setting: 'ACCOUNT_MAX_CARRIERS', from: 'carriers', where: '' },
  devices: { label: 'devices', setting: 'ACCOUNT_MAX_DEVICES', from: 'devices', where: 'AND revoked_at IS NULL' },
  oauthClients: {
    label: 'API clients',
    setting: 'ACCOUNT_MAX_OAUTH_CLIENTS',
    from: 'oauth_clients',
    where: 'AND revoked_at IS NULL',
  },
  templates: { label: 'templates', setting: 'ACCOUNT_MAX_TEMPLATES', from: 'templates', where: '' },
} as const;

export type AccountLimit = keyof typeof ACCOUNT_LIMITS;

/** 409: the account already holds as many of these as its operator allows. */
export class LimitReached extends AppError {
  constructor(kind: AccountLimit, limit: number) {
    const { label, setting } = ACCOUNT_LIMITS[kind];
    super(
      'LIMIT_REACHED',
      `The account has ${limit} ${label}, the most it may have (${setting}); remove one first or ask the operator to raise the limit`,
    );
  }
}

/**
 * Call inside the transaction that adds one: it waits for any other addition of the same kind to the
 * same account (a transaction-scoped advisory lock), then counts, so parallel requests cannot each
 * see room for one more and together go past the limit. Throws LimitReached when there is no room.
 */
export async function checkAccountLimit(
  manager: EntityManager,
  accountId: AccountId,
  kind: AccountLimit,
  limit: number,
): Promise<void> {
  const { from, where } = ACCOUNT_LIMITS[kind];
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))`, [`account-limit:${kind}`, accountId]);
  const [{ n }] = await manager.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM ${from} WHERE account_id = $1 ${where}`,
    [accountId],
  );
  if (n >= limit) throw new LimitReached(kind, limit);
}
