/** What a template may name: the message's fields as the carrier needs them. */
export interface TemplateValues {
  to: string;
  from: string;
  body: string;
  messageId: string;
}

const PLACEHOLDER = /\{(to|from|body|messageId)\}/g;

/** URL template: each value URL-encoded (encodeURIComponent), so it cannot add a path, a query or a host. */
export function renderUrl(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (_m, name: keyof TemplateValues) => encodeURIComponent(values[name]));
}

/** JSON body template: each value JSON-escaped in place (the template puts the quotes), so it cannot break out of its string. */
export function renderJsonBody(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (_m, name: keyof TemplateValues) => JSON.stringify(values[name]).slice(1, -1));
}

const SAMPLES: TemplateValues[] = [
  {
    to: '+4915123456789',
    from: 'Gateway',
    body: 'Hello "world"\n€',
    messageId: '0190f0a0-0000-7000-8000-000000000000',
  },
  { to: '+12025550100', from: '+12025550199', body: 'x', messageId: '0190f0a0-0000-7000-8000-000000000001' },
];

/**
 * Why the templates are unusable, or undefined: the URL must be http(s) with its scheme, host and
 * port fixed (a placeholder there would let a message choose where the request goes), and the
 * body template must render to JSON.
 */
export function templateProblems(url: string, bodyTemplate: string | undefined): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const origins = new Set<string>();
  for (const sample of SAMPLES) {
    try {
      const parsed = new URL(renderUrl(url, sample));
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        problems.push({ field: 'http.url', message: 'http.url must be an http or https URL' });
        break;
      }
      if (parsed.username || parsed.password) {
        problems.push({ field: 'http.url', message: 'http.url may not hold credentials; use auth and secret' });
        break;
      }
      origins.add(parsed.origin);
    } catch {
      problems.push({ field: 'http.url', message: 'http.url must be an http or https URL' });
      break;
    }
  }
  if (problems.length === 0 && origins.size > 1) {
    problems.push({ field: 'http.url', message: 'http.url may use placeholders in its path and query only' });
  }
  if (bodyTemplate !== undefined) {
    try {
      for (const sample of SAMPLES) JSON.parse(renderJsonBody(bodyTemplate, sample));
    } catch {
      problems.push({
        field: 'http.bodyTemplate',
        message: 'http.bodyTemplate must render to JSON (placeholders go inside quotes: "{body}")',
      });
    }
  }
  return problems;
}

/** The value at a dotted path (`data.messages.0.id`) of a parsed JSON answer, as text; undefined when absent. */
export function valueAtPath(json: unknown, path: string): string | undefined {
  let node: unknown = json;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node === 'string' && node !== '') return node;
  if (typeof node === 'number' && Number.isFinite(node)) return String(node);
  return undefined;
}

export type HttpSendOutcome =
  { accepted: true; carrierMessageId?: string } | { accepted: false; code: string; permanent: boolean };

/**
 * The carrier's answer to a send: a success status (the configured ones, else any 2xx) is
 * accepted, with the message id found at `messageIdPath` in a JSON body; 408 and 429 are worth
 * another try, as is any 5xx or 3xx (redirects are not followed); another 4xx is the request's
 * fault and permanent.
 */
export function mapHttpResponse(
  status: number,
  body: string,
  options: { successStatus?: number[] | null; messageIdPath?: string | null },
): HttpSendOutcome {
  const success = options.successStatus?.length
    ? options.successStatus.includes(status)
    : status >= 200 && status < 300;
  if (success) {
    if (!options.messageIdPath) return { accepted: true };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return { accepted: true };
    }
    const id = valueAtPath(parsed, options.messageIdPath);
    return id !== undefined ? { accepted: true, carrierMessageId: id } : { accepted: true };
  }
  const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
  return { accepted: false, code: `HTTP_${status}`, permanent };
}
