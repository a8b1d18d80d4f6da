import { createHash } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { INestApplicationContext } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bullQueues } from '@/common/bull-queues.js';
import { AppConfig } from '@/config/app-config.js';
import { AppError, Forbidden, Unauthenticated } from '@/common/errors.js';
import { AuthService, bearerToken } from '@/modules/auth/auth.service.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { QueueName } from '@/modules/messages/queues.js';
import { WebhookQueue } from '@/modules/webhooks/queues.js';

export const BULL_BOARD_PREFIX = '/admin/queues';
export const BULL_BOARD_COOKIE = 'smsgw_admin';

/**
 * bull-board over the Bull queues, for the gateway's operators only: a caller needs the `admin`
 * scope in the operator account (the bootstrap admin's, marked `is_operator`, DESIGN.md §8). Every tenant's owner has
 * `admin` in their own account, and the board shows and controls every tenant's jobs, so the scope
 * alone is not enough.
 *
 * The browser UI cannot send a bearer header, so `POST /admin/queues/session` (bearer header only,
 * never a token in a URL) sets the same access token as an HttpOnly, SameSite=Strict cookie scoped
 * to the board, expiring with the token. `GET /admin/queues/login` is a tiny same-origin page
 * that signs in and calls it.
 */
export async function mountBullBoard(fastify: FastifyInstance, app: INestApplicationContext): Promise<void> {
  const auth = app.get(AuthService);
  const config = app.get(AppConfig);
  // An api-only process has the queues it adds jobs to, not necessarily every queue: the board shows
  // those it has.
  const present = bullQueues(app.get(DiscoveryService));
  const queues = [QueueName.Dispatch, WebhookQueue.Webhooks].flatMap((name) => {
    const queue = present.get(name);
    return queue ? [new BullAdapter(queue)] : [];
  });
  const board = new BullBoardFastifyAdapter();
  board.setBasePath(BULL_BOARD_PREFIX);
  // @bull-board/fastify 9.10.1 pins its own copy of @bull-board/api (9.10.1, ours is 9.10.2): the
  // adapter's types come from that copy, so they differ in private members only.
  createBullBoard({
    queues,
    serverAdapter: board as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
  });

  let operatorAccountId: string | undefined;
  /** The account marked `is_operator` (the bootstrap admin's); it never changes once set, and until then nobody is an operator. */
  const isOperator = async (account: AccountRef): Promise<boolean> => {
    operatorAccountId ??= await auth.operatorAccountId();
    return account.scopes.includes('admin') && account.accountId === operatorAccountId;
  };
  /** Authenticates like the API; answers problem+json itself (bull-board's routes have their own error handler). */
  const admit = async (authorization: unknown, reply: FastifyReply) => {
    try {
      const authenticated = await auth.authenticate(authorization);
      if (!(await isOperator(authenticated.account))) {
        throw new Forbidden('The queue board needs the admin scope of the operator account');
      }
      return authenticated;
    } catch (error) {
      const problem = (error instanceof AppError ? error : new Unauthenticated()).toProblem();
      await reply
        .status(problem.status)
        .header('content-type', 'application/problem+json')
        .send(JSON.stringify(problem));
      return undefined;
    }
  };

  // Public: the sign-in page, and the session route (which checks its bearer header itself).
  await fastify.register(
    (scope, _opts, done) => {
      scope.get('/login', (_request, reply) =>
        reply
          .header('content-type', 'text/html; charset=utf-8')
          .header('content-security-policy', LOGIN_PAGE_CSP)
          .header('cache-control', 'no-store')
          .header('referrer-policy', 'no-referrer')
          .send(LOGIN_PAGE),
      );
      scope.post('/session', async (request, reply) => {
        const authenticated = await admit(request.headers.authorization, reply);
        if (!authenticated) return reply;
        const token = bearerToken(request.headers.authorization)!;
        const maxAge = Math.max(0, Math.floor((authenticated.expiresAt.getTime() - Date.now()) / 1000));
        return reply
          .header('set-cookie', sessionCookie(token, maxAge, config.isProduction))
          .header('cache-control', 'no-store')
          .status(204)
          .send();
      });
      scope.delete('/session', (_request, reply) =>
        reply
          .header('set-cookie', sessionCookie('', 0, config.isProduction))
          .status(204)
          .send(),
      );
      done();
    },
    { prefix: BULL_BOARD_PREFIX },
  );

  // Guarded: the board's page, static files and JSON API.
  await fastify.register(
    async (scope) => {
      scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        const token = bearerToken(request.headers.authorization) ?? cookieValue(request.headers.cookie);
        const authenticated = await admit(token ? `Bearer ${token}` : undefined, reply);
        if (!authenticated) return reply;
      });
      await scope.register(board.registerPlugin());
    },
    { prefix: BULL_BOARD_PREFIX },
  );
}

function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${BULL_BOARD_COOKIE}=${token}`,
    `Path=${BULL_BOARD_PREFIX}`,
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

function cookieValue(header: string | undefined): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [name, ...rest] = part.trim().split('=');
    if (name === BULL_BOARD_COOKIE) return rest.join('=') || undefined;
  }
  return undefined;
}

const LOGIN_SCRIPT = `
const form = document.querySelector('form');
const out = document.querySelector('output');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  out.textContent = '';
  const json = { 'content-type': 'application/json' };
  const data = new FormData(form);
  const login = await fetch('/v1/auth/login', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email: data.get('email'), password: data.get('password') }),
  });
  const tokens = await login.json();
  if (!login.ok) { out.textContent = tokens.detail || 'Sign-in failed'; return; }
  const session = await fetch('/admin/queues/session', {
    method: 'POST',
    headers: { authorization: 'Bearer ' + tokens.accessToken },
  });
  // The board needs only the access token: the refresh token is revoked at once.
  await fetch('/v1/auth/logout', { method: 'POST', headers: json, body: JSON.stringify({ refreshToken: tokens.refreshToken }) });
  if (!session.ok) { out.textContent = (await session.json()).detail || 'Refused'; return; }
  location.assign('/admin/queues/');
});
`;

const LOGIN_PAGE_CSP = [
  "default-src 'none'",
  `script-src 'sha256-${createHash('sha256').update(LOGIN_SCRIPT).digest('base64')}'`,
  "connect-src 'self'",
  "style-src 'unsafe-inline'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const LOGIN_PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Queues · sign in</title>
<style>body{font:16px system-ui;max-width:22rem;margin:4rem auto}label,input,button{display:block;width:100%;margin:.4rem 0}</style>
<h1>Queue board</h1>
<form>
<label>Email <input name="email" type="email" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button>Sign in</button>
<output></output>
</form>
<script>${LOGIN_SCRIPT}</script>
</html>
`;
