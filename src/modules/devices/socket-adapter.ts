import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { FastifyInstance } from 'fastify';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server, type ServerOptions } from 'socket.io';
import type { AppConfig } from '@/config/app-config.js';

/**
 * The Socket.IO Redis adapter (DESIGN.md §1): a message emitted to a phone's room in any process,
 * acknowledgements included, reaches the phone whichever process holds its socket. Its channels
 * carry the gateway's Redis prefix, so gateways sharing one Redis (tests, staging) stay apart.
 */
export class RedisBroadcast {
  private readonly pub: Redis;
  private readonly sub: Redis;
  readonly adapter: ReturnType<typeof createAdapter>;

  constructor(config: AppConfig) {
    this.pub = new Redis(config.REDIS_URL, { connectionName: 'socket.io-pub' });
    this.sub = this.pub.duplicate({ connectionName: 'socket.io-sub' });
    this.adapter = createAdapter(this.pub, this.sub, { key: `${config.REDIS_PREFIX}:socket.io` });
  }

  async close(): Promise<void> {
    await Promise.all([this.pub, this.sub].map((r) => r.quit().catch(() => r.disconnect())));
  }
}

/**
 * Leaves WebSocket upgrades under `path` to Socket.IO. GraphQL subscriptions share the port through
 * @fastify/websocket, which routes every upgrade through Fastify: there Socket.IO's has no route,
 * and the 404 would be written on the socket Socket.IO is upgrading, then destroy it.
 */
function leaveUpgradesTo(fastify: FastifyInstance, path: string): void {
  const prefix = `${path.replace(/\/$/, '')}/`;
  fastify.addHook('onRequest', (request, reply, done) => {
    // Hijacked, Fastify sends nothing and runs nothing further; Socket.IO's own upgrade listener answers.
    if (request.headers.upgrade?.toLowerCase() === 'websocket' && request.raw.url?.startsWith(prefix)) reply.hijack();
    done();
  });
}

/** The api role's Socket.IO server, on the HTTP port, with the Redis adapter. */
export class RedisIoAdapter extends IoAdapter {
  private readonly broadcast: RedisBroadcast;
  private readonly fastify: FastifyInstance;

  /**
   * `websocketOnly` when several processes share the port (API_PROCESSES): the cluster hands each
   * connection to any of them, and a long-polling session is a series of requests that must all
   * reach the process holding it. A WebSocket is one connection, so it stays where it landed; the
   * agent connects with the WebSocket transport only.
   */
  constructor(
    app: NestFastifyApplication,
    config: AppConfig,
    private readonly options: { websocketOnly?: boolean } = {},
  ) {
    super(app);
    this.fastify = app.getHttpAdapter().getInstance();
    this.broadcast = new RedisBroadcast(config);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(
      port,
      // Socket.IO's own defaults fill what the gateway's options leave out.
      this.options.websocketOnly ? ({ ...options, transports: ['websocket'] } as ServerOptions) : options,
    );
    server.adapter(this.broadcast.adapter);
    leaveUpgradesTo(this.fastify, server.path());
    return server;
  }

  /**
   * Socket.IO's close would also close the HTTP server it is attached to, and wait for every
   * connection on it: GraphQL subscriptions' WebSockets too, which Fastify ends only when it closes,
   * after this. So Socket.IO lets go of the server, and Fastify closes it (Nest closes it next).
   */
  override async close(server: Server): Promise<void> {
    // Nest passes the gateway's namespace too, which has no server of its own.
    if (server instanceof Server) Object.assign(server, { httpServer: undefined });
    await super.close(server);
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await this.broadcast.close();
  }
}
