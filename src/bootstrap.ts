import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { INestApplicationContext } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { mountConsole } from './common/console-static.js';
import { ProblemFastifyAdapter } from './common/fastify-adapter.js';
import { GRAPHQL_LIMITS } from './common/graphql-limits.js';
import { registerStrictJsonParser } from './common/json-body-parser.js';
import { mountOpenApi } from './common/openapi/openapi.document.js';
import { createValidationPipe } from './common/validation.js';
import { migrate } from './database/migrate.js';
import { AuthService, type BootstrapResult } from './modules/auth/auth.service.js';
import { RedisIoAdapter } from './modules/devices/socket-adapter.js';
import { mountBullBoard } from './modules/observability/bull-board.js';

export interface RunningGateway {
  app: INestApplicationContext;
  /** The HTTP base URL, when this process runs the api role. */
  url?: string;
  admin: BootstrapResult;
  close(): Promise<void>;
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Mercurius registers @fastify/websocket inside its own plugin scope, with 1 MiB messages, so its
 * server is found among the scopes created at boot. A subscribe message is a GraphQL document and
 * is held to the 64 KiB of POST /graphql; ws reads the limit at each upgrade.
 */
function watchScopes(fastify: FastifyInstance): () => void {
  const scopes: FastifyInstance[] = [fastify];
  fastify.addHook('onRegister', (scope) => {
    scopes.push(scope);
  });
  return () => {
    type WithServer = { websocketServer?: { options: { maxPayload?: number } } };
    const server = scopes.map((scope) => (scope as unknown as WithServer).websocketServer).find(Boolean);
    if (!server) throw new Error('GraphQL subscriptions need @fastify/websocket, which Mercurius registers');
    server.options.maxPayload = GRAPHQL_LIMITS.bodyBytes;
  };
}

export interface GatewayOptions {
  /**
   * One of the processes a cluster primary forked (src/cluster): the primary migrated already and
   * decides when this process stops, so Nest does not take the signals; several processes share
   * the port, so Socket.IO accepts WebSocket connections only (see RedisIoAdapter).
   */
  clusterChild?: boolean;
}

/** Boots one gateway process with the roles in `config.ROLES`; used by main.ts, `npm start` and the tests. */
export async function startGateway(config: AppConfig, options: GatewayOptions = {}): Promise<RunningGateway> {
  const child = options.clusterChild ?? false;
  if (config.MIGRATIONS_RUN && !child) await migrate(config.DATABASE_URL);

  let app: INestApplicationContext;
  let url: string | undefined;
  let admin: BootstrapResult;
  if (config.has('api')) {
    const adapter = new ProblemFastifyAdapter({
      bodyLimit: BODY_LIMIT_BYTES,
      trustedProxies: config.trustedProxies,
      requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    });
    const limitWebSocketMessages = watchScopes(adapter.getInstance());
    const http = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
      bufferLogs: true,
      bodyParser: false,
    });
    http.useLogger(http.get(Logger));
    registerStrictJsonParser(http.getHttpAdapter().getInstance());
    http.useGlobalPipes(createValidationPipe());
    // Several api processes reach each other's phones through Redis (DESIGN.md §1).
    http.useWebSocketAdapter(new RedisIoAdapter(http, config, { websocketOnly: child }));
    if (!child) http.enableShutdownHooks();
    // Operators only: see bull-board.ts for the guard.
    await mountBullBoard(http.getHttpAdapter().getInstance(), http);
    // Public, like the API's own sign-in: the document and its page hold no data (DESIGN.md §9).
    mountOpenApi(http);
    // Static files, public: the console signs in through the API like any client (DESIGN.md §9).
    await mountConsole(http.getHttpAdapter().getInstance());
    // The bootstrap admin exists before the first request can arrive: a sign-up cannot come first,
    // and a client that sees /health/ready can sign in as the admin at once.
    admin = await http.get(AuthService).bootstrapAdmin();
    await http.listen(config.PORT, config.HOST);
    limitWebSocketMessages();
    const address = http.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    url = `http://127.0.0.1:${port}`;
    app = http;
  } else {
    app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { bufferLogs: true });
    app.useLogger(app.get(Logger));
    if (!child) app.enableShutdownHooks();
    admin = await app.get(AuthService).bootstrapAdmin();
  }
  return { app, url, admin, close: () => app.close() };
}
