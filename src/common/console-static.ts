import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export const CONSOLE_PATH = '/console';

/**
 * The built console (console/dist, made by `npm run build`), from src/common under vitest and from
 * dist/src/common under node: the first folder of the two that exists.
 */
export function consoleDir(): string | undefined {
  return ['../../console/dist', '../../../console/dist']
    .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
    .find((dir) => existsSync(`${dir}/index.html`));
}

// Mantine sets inline styles; everything else comes from this origin (GraphQL over ws included).
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * `GET /console` and everything under it (DESIGN.md §9), public like any static page: the data comes
 * from the API, which checks the caller. Hashed assets are cached for a year; index.html is always
 * revalidated, and answers every deep link so the console's router can take it from there.
 */
export async function mountConsole(fastify: FastifyInstance, dir = consoleDir()): Promise<void> {
  fastify.get('/', (_request, reply) => reply.redirect(`${CONSOLE_PATH}/`, 302));
  await fastify.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-security-policy', CSP);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      return payload;
    });
    if (!dir) {
      const notBuilt = (_request: unknown, reply: FastifyReply) =>
        reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send('The console is not built: run `npm run build` (npm start does), then reload.');
      scope.get(CONSOLE_PATH, notBuilt);
      scope.get(`${CONSOLE_PATH}/*`, notBuilt);
      return;
    }
    await scope.register(fastifyStatic, {
      root: dir,
      prefix: `${CONSOLE_PATH}/`,
      // One route per built file, so a deep link falls through to the index below.
      wildcard: false,
      index: false,
      setHeaders: (res, path) => {
        res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    const index = (_request: unknown, reply: FastifyReply) =>
      reply.header('cache-control', 'no-cache').sendFile('index.html');
    scope.get(CONSOLE_PATH, index);
    scope.get(`${CONSOLE_PATH}/*`, (request, reply) => {
      // A missing asset is a 404, not the page: a browser would try to run the HTML as a script.
      if (request.url.startsWith(`${CONSOLE_PATH}/assets/`)) {
        return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
      }
      return index(request, reply);
    });
  });
}
