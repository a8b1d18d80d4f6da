import type { FastifyInstance, FastifyRequest } from 'fastify';
import secureJson from 'secure-json-parse';
import { AppError } from './errors.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

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
      try {
        done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
      } catch (error) {
        done(new AppError('MALFORMED_JSON', `The body is not valid JSON: ${(error as Error).message}`));
      }
    },
  );
}
