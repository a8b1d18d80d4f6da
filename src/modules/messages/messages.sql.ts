/**
 * The messages module's SQL for other modules' statements: a campaign's counts and results read
 * its messages in the same statement as its recipients (a join, no round trip per page), but the
 * table's name and columns live here, with the module that owns them. The arguments are SQL
 * expressions of the caller's (trusted code, never input).
 */

/**
 * A message's outcome, as rows to join (`JOIN (${messageOutcomesSql()}) m ON m.id = …`): `id`,
 * `account_id`, `status`, `error_code`, `sent_at`, `delivered_at`, `created_at`. A plain
 * projection, so PostgreSQL pulls it up into the caller's join: the plan is that of the table's.
 */
export function messageOutcomesSql(): string {
  return 'SELECT id, account_id, status, error_code, sent_at, delivered_at, created_at FROM messages';
}

/**
 * True when the account `accountId` made a message to `phone` for a campaign other than
 * `campaignId`, created strictly between `after` and `before`. Its own alias is `o`: the
 * arguments must not refer to an `o` of the caller's.
 */
export function otherCampaignMessageBetweenSql(args: {
  accountId: string;
  phone: string;
  campaignId: string;
  after: string;
  before: string;
}): string {
  const { accountId, phone, campaignId, after, before } = args;
  return `EXISTS (
       SELECT 1 FROM messages o
        WHERE o.account_id = ${accountId} AND o."to" = ${phone} AND o.campaign_id IS NOT NULL
          AND o.campaign_id <> ${campaignId} AND o.created_at > ${after} AND o.created_at < ${before})`;
}
