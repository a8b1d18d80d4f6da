import type { Attributes, Span } from '@opentelemetry/api';

/** The HTTP instrumentation's URL attributes, stable and old conventions. */
const URL_ATTRIBUTES = ['url.full', 'url.path', 'url.query', 'http.url', 'http.target'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A path segment that may be private: a phone number (`/v1/conversations/+14155550100/messages`,
 * digits in a carrier's URL template) or a secret (`/hooks/T0001/B0001/XXXXXXXXXXXXXXXXXXXXXXXX`
 * in a webhook URL). Ids (UUIDs) and words stay, so the path still says what was called.
 */
function privateSegment(segment: string): boolean {
  if (UUID.test(segment)) return false;
  return /\d{5}/.test(decodeURIComponentSafe(segment)) || segment.length > 20;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function redactPath(path: string): string {
  return path
    .split('/')
    .map((segment) => (privateSegment(segment) ? 'REDACTED' : segment))
    .join('/');
}

/** A query string with every value replaced: the names say what was asked, the values stay out. */
function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const i = pair.indexOf('=');
      return i < 0 ? pair : `${pair.slice(0, i)}=REDACTED`;
    })
    .join('&');
}

/** Redacts one URL attribute's value: a full URL, a path with its query, a path, or a bare query. */
export function redactUrlAttribute(name: (typeof URL_ATTRIBUTES)[number], value: string): string {
  if (name === 'url.query') return redactQuery(value);
  if (name === 'url.full' || name === 'http.url') {
    try {
      const url = new URL(value);
      const query = url.search ? `?${redactQuery(url.search.slice(1))}` : '';
      // No user or password in a recorded URL either.
      return `${url.protocol}//${url.host}${redactPath(url.pathname)}${query}`;
    } catch {
      return 'REDACTED';
    }
  }
  const q = value.indexOf('?');
  return q < 0 ? redactPath(value) : `${redactPath(value.slice(0, q))}?${redactQuery(value.slice(q + 1))}`;
}

/**
 * The HTTP instrumentation's requestHook (incoming and outgoing requests): rewrites the URL
 * attributes it just set, so no span carries a query string's values, a phone number in a path or a
 * secret in a webhook URL. Tokens travel in headers, which are not recorded (no headersToSpanAttributes).
 */
export function redactHttpSpan(span: Span): void {
  // The SDK's span is also its readable form; a non-recording span has no attributes to clean.
  const attributes = (span as unknown as { attributes?: Attributes }).attributes;
  if (!attributes) return;
  for (const name of URL_ATTRIBUTES) {
    const value = attributes[name];
    if (typeof value === 'string') span.setAttribute(name, redactUrlAttribute(name, value));
  }
}
