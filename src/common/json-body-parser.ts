import type { FastifyInstance, FastifyRequest } from 'fastify';
import secureJson from 'secure-json-parse';
import { AppError, ValidationFailed } from './errors.js';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from './safe-input.js';

const decoder = new TextDecoder('utf-8', { fatal: true });
const FORM_PATH = '/v1/oauth/token';

/**
 * Fastify's default parser decodes bytes leniently (invalid UTF-8 becomes U+FFFD); the contract
 * wants MALFORMED_JSON for invalid UTF-8, so JSON is decoded strictly here. secure-json-parse
 * refuses `__proto__` / `constructor.prototype` keys.
 */
export function registerStrictJsonParser(fastify: FastifyInstance): void {
  // JSON only: Fastify's text/plain parser would hand a string to handlers that expect an object.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    (_req: FastifyRequest, body: Buffer, done: (err: Error | null, value?: unknown) => void) => {
      let text: string;
      try {
        text = decoder.decode(body);
      } catch {
        done(new AppError('MALFORMED_JSON', 'The body is not valid UTF-8'));
        return;
      }
      if (text.trim() === '') {
        done(new AppError('MALFORMED_JSON', 'The body is empty; a JSON document was expected'));
        return;
      }
      // Parsing is iterative, but everything after it (prototype scan, class-transformer) recurses.
      if (exceedsJsonDepth(text)) {
        const message = `the body is nested more than ${MAX_JSON_DEPTH} levels deep`;
        done(new ValidationFailed([{ field: '', message }], message));
        return;
      }
      try {
        done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
      } catch (error) {
        done(new AppError('MALFORMED_JSON', `The body is not valid JSON: ${(error as Error).message}`));
      }
    },
  );
  // OAuth2 clients post forms to the token endpoint (RFC 6749 §4.4.2); everywhere else JSON only.
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (req: FastifyRequest, body: string, done: (err: Error | null, value?: unknown) => void) => {
      if (req.url.split('?')[0] !== FORM_PATH) {
        done(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'));
        return;
      }
      const params = new URLSearchParams(body);
      const fields: Record<string, string> = Object.create(null) as Record<string, string>;
      for (const [key, value] of params) {
        if (key in fields) {
          done(new AppError('VALIDATION_FAILED', `${key} is given twice`));
          return;
        }
        fields[key] = value;
      }
      done(null, { ...fields });
    },
  );
}
