import type { CombinedError } from 'urql';

/** What the API said about a refused request: its code, its detail, and a message per field it names. */
export interface Problem {
  code: string;
  detail: string;
  fields: Record<string, string>;
}

export function problemOf(error: CombinedError | undefined): Problem | undefined {
  if (!error) return undefined;
  const first = error.graphQLErrors[0];
  if (!first) {
    return { code: 'NETWORK', detail: 'The gateway did not answer. Check your connection and try again.', fields: {} };
  }
  const extensions = (first.extensions ?? {}) as { code?: string; errors?: { field: string; message: string }[] };
  const fields: Record<string, string> = {};
  for (const { field, message } of extensions.errors ?? []) {
    // Nested DTO paths (`input.to`, `targets.0.deviceId`) are shown at their last named part.
    const key = field.replace(/^input\./, '');
    fields[key] ??= message;
  }
  // Content errors (INVALID_PHONE_NUMBER, INVALID_SCHEDULE, ...) name their field as the detail's first
  // word ("to is not a valid phone number"); the form shows the detail there if it has that field.
  const named = /^([A-Za-z][\w.]*) /.exec(first.message)?.[1];
  if (named && Object.keys(fields).length === 0) fields[named.replace(/^input\./, '')] = first.message;
  return { code: extensions.code ?? 'INTERNAL', detail: first.message, fields };
}
