// Through the module objects, not named imports: the HTTP instrumentation patches the objects, and
// an ESM named import of a built-in keeps the unpatched function (no client span, no traceparent).
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { pinnedLookup, type VettedTarget } from './url-guard.js';

/** What one attempt came to; `error` keeps at most 1 KiB of the response body. */
export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number | null;
  error: string | null;
}

export const MAX_ERROR_BODY_BYTES = 1024;

/** PostgreSQL text cannot hold NUL; the rest of a receiver's body is kept as it came. */
function printable(text: string): string {
  return text.replace(/\0/g, '');
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return printable(code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message);
  }
  return 'request failed';
}

/**
 * POSTs one webhook. Connects only to the vetted addresses (the guard's answer, not a new DNS
 * lookup), follows no redirect (a 3xx is a failed attempt: following it could lead inside), gives
 * up after `timeoutMs` in all, and reads at most 1 KiB of the answer.
 */
export function postWebhook(
  target: VettedTarget,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<SendResult> {
  const started = performance.now();
  const request = target.url.protocol === 'https:' ? https.request : http.request;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    let latencyMs: number | null = null;
    let status: number | null = null;
    const chunks: Buffer[] = [];
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    // A failure answer: its status and the start of its body, however far the body got.
    const failed = () => {
      const text = Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY_BYTES).toString('utf8');
      const redirect = status !== null && status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
      finish({
        ok: false,
        statusCode: status,
        latencyMs,
        error: printable(`HTTP ${status}${redirect}${text ? `: ${text}` : ''}`),
      });
    };
    const req = request(target.url, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'sms-gateway-webhooks',
      },
      lookup: pinnedLookup(target.addresses),
      // A fresh connection per request: a pooled socket would outlive the addresses it was vetted for.
      agent: false,
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (error) => {
      if (status !== null) failed();
      else finish({ ok: false, statusCode: null, latencyMs, error: describe(error) });
    });
    req.on('response', (res: IncomingMessage) => {
      latencyMs = Math.round(performance.now() - started);
      status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        // The status is the answer; the body is not read (nor waited for).
        finish({ ok: true, statusCode: status, latencyMs, error: null });
        res.destroy();
        return;
      }
      let kept = 0;
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        kept += chunk.length;
        if (kept >= MAX_ERROR_BODY_BYTES) {
          failed();
          res.destroy();
        }
      });
      res.on('end', failed);
      res.on('error', failed);
    });
    req.end(body);
  });
}
