/**
 * The devices module's SQL for other modules' statements: a check on a phone stays one
 * sub-select inside their query (no round trip of its own), but its text lives here, with the
 * table it reads. The arguments are SQL expressions of the caller's (trusted code, never input).
 */

/**
 * True when the device `deviceId` of the account `accountId` exists and has been silent for longer
 * than `seconds` (a number of seconds): its last hello, heartbeat or disconnect (`last_seen_at`) is
 * missing or older than that. False for a device that does not exist.
 */
export function deviceSilentSql(deviceId: string, accountId: string, seconds: string): string {
  return `EXISTS (SELECT 1 FROM devices d
                   WHERE d.id = ${deviceId} AND d.account_id = ${accountId}
                     AND (d.last_seen_at IS NULL OR d.last_seen_at < now() - make_interval(secs => ${seconds})))`;
}
