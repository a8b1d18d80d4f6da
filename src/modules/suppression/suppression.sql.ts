/**
 * The suppression module's SQL for other modules' statements: the opt-out check stays one
 * sub-select inside their INSERT (no round trip of its own), but its text lives here, with the
 * table it reads. The arguments are SQL expressions of the caller's (trusted code, never input).
 */

/** True when the account `accountId` has suppressed the number `phone`. */
export function isSuppressedSql(accountId: string, phone: string): string {
  return `EXISTS (SELECT 1 FROM suppressions s WHERE s.account_id = ${accountId} AND s.phone_number = ${phone})`;
}

/** The time (`created_at`) of the number's STOP, as rows: its `keyword` suppression, if it has one. */
export function keywordStopSql(accountId: string, phone: string): string {
  return `SELECT s.created_at FROM suppressions s
           WHERE s.account_id = ${accountId} AND s.phone_number = ${phone} AND s.reason = 'keyword'`;
}
