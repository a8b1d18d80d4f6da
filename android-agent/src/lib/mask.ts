/**
 * Logs never carry a full phone number or a message body: phones log to places (logcat, crash
 * reporters, support bundles) that must not hold personal data.
 */
export function maskPhone(value: string): string {
  if (value.length <= 4) {
    return '*'.repeat(value.length);
  }
  const head = value.length >= 9 ? 5 : 1;
  return value.slice(0, head) + '*'.repeat(value.length - head - 2) + value.slice(-2);
}
