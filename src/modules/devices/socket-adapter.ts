import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
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

/** The api role's Socket.IO server, on the HTTP port, with the Redis adapter. */
export class RedisIoAdapter extends IoAdapter {
  private readonly broadcast: RedisBroadcast;

  constructor(app: INestApplicationContext, config: AppConfig) {
    super(app);
    this.broadcast = new RedisBroadcast(config);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, options);
    server.adapter(this.broadcast.adapter);
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await this.broadcast.close();
  }
}
