// Through the module objects, not named imports: the HTTP instrumentation patches the objects, and
// an ESM named import of a built-in keeps the unpatched function (no client span, no traceparent).
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { pinnedLookup, type VettedTarget } from '@/modules/webhooks/url-guard.js';

export const MAX_ANSWER_BYTES = 64 * 1024;

export type HttpAnswer =
  | { ok: true; status: number; body: string }
  | { ok: false; code: 'HTTP_TIMEOUT' | 'HTTP_NETWORK_ERROR'; detail: string };

/**
 * One request to an HTTP carrier: to the vetted addresses only (no new DNS lookup, so a rebinding
 * answer cannot steer it inside), no redirects followed, a fresh connection, `timeoutMs` in all,
 * and at most 64 KiB of the answer read.
 */
export function carrierRequest(
  target: VettedTarget,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
): Promise<HttpAnswer> {
  const request = target.url.protocol === 'https:' ? https.request : http.request;
  return new Promise<HttpAnswer>((resolve) => {
    let settled = false;
    const finish = (answer: HttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const req = request(target.url, {
      method,
      headers: {
        'user-agent': 'sms-gateway-carrier',
        ...headers,
        ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
      },
      lookup: pinnedLookup(target.addresses),
      agent: false,
    });
    const timer = setTimeout(() => {
      finish({ ok: false, code: 'HTTP_TIMEOUT', detail: `no answer within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.on('error', (error) => finish({ ok: false, code: 'HTTP_NETWORK_ERROR', detail: error.message }));
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      const done = () =>
        finish({ ok: true, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      res.on('data', (chunk: Buffer) => {
        if (kept < MAX_ANSWER_BYTES) chunks.push(chunk.subarray(0, MAX_ANSWER_BYTES - kept));
        kept += chunk.length;
        if (kept >= MAX_ANSWER_BYTES) {
          done();
          res.destroy();
        }
      });
      res.on('end', done);
      res.on('error', done);
    });
    req.end(body);
  });
}
