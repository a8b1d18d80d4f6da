import type { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { SubscriptionContext } from 'mercurius';
import mqemitterRedis from 'mqemitter-redis';
import { AppConfig } from '@/config/app-config.js';
import type { AccountEventKind, AccountEvents } from './account-events.js';
import { untilExpiry } from './event-stream.js';
import type { AccountId } from '@/common/account-id.js';

const CLOSE_TIMEOUT_MS = 2000;

/**
 * The events of GraphQL subscriptions, across processes: an mqemitter on Redis pub/sub, one channel
 * per account and kind, named with the gateway's Redis prefix so gateways sharing one Redis stay
 * apart. Every process publishes (workers change statuses too); api processes also hand it to
 * Mercurius as its emitter, and their subscribers listen on it.
 */
@Injectable()
export class SubscriptionBus implements OnApplicationShutdown {
  private readonly logger = new Logger(SubscriptionBus.name);
  private readonly connections: Redis[];
  readonly emitter: ReturnType<typeof mqemitterRedis>;

  constructor(private readonly config: AppConfig) {
    const pubConn = new Redis(config.REDIS_URL, { connectionName: 'subscriptions-pub', enableAutoPipelining: true });
    const subConn = new Redis(config.REDIS_URL, { connectionName: 'subscriptions-sub' });
    this.connections = [pubConn, subConn];
    this.emitter = mqemitterRedis({ pubConn, subConn });
    // mqemitter-redis re-emits connection errors on `state` (untyped); an EventEmitter without an
    // 'error' listener would throw them at the process.
    (this.emitter as unknown as { state: EventEmitter }).state.on('error', (error: unknown) =>
      this.logger.warn({ err: error }, 'the subscription bus lost Redis'),
    );
  }

  topic(accountId: AccountId, kind: AccountEventKind): string {
    return `${this.config.REDIS_PREFIX}:account:${accountId}:${kind}`;
  }

  /**
   * Best effort, as befits a live view: a lost event is logged, never thrown at the change that
   * caused it (webhooks are the durable path).
   */
  publish<K extends AccountEventKind>(accountId: AccountId, kind: K, event: AccountEvents[K]): Promise<void> {
    return new Promise((resolve) => {
      this.emitter.emit({ topic: this.topic(accountId, kind), payload: event }, (error?: Error) => {
        if (error) this.logger.warn({ err: error, kind }, 'a subscription event was not published');
        resolve();
      });
    });
  }

  /**
   * The account's events of `kind` that `keep` accepts, for one GraphQL subscription (`pubsub` is
   * its Mercurius context), until its token expires or `session` says it no longer works.
   */
  async stream<K extends AccountEventKind>(
    pubsub: SubscriptionContext,
    accountId: AccountId,
    kind: K,
    session: { expiresAt: Date; revoked: Promise<never>; release: () => void },
    keep?: (event: AccountEvents[K]) => boolean,
  ): Promise<AsyncIterable<AccountEvents[K]>> {
    const events = await pubsub.subscribe<AccountEvents[K]>(this.topic(accountId, kind));
    const close = () => {
      session.release();
      pubsub.close();
    };
    return untilExpiry(events, { expiresAt: session.expiresAt, revoked: session.revoked, keep, close });
  }

  async onApplicationShutdown(): Promise<void> {
    const closed = new Promise<boolean>((resolve) => this.emitter.close(() => resolve(true)));
    // Closing waits for Redis to answer QUIT; a Redis that is gone must not hold up the shutdown.
    const timedOut = sleep(CLOSE_TIMEOUT_MS, false, { ref: false });
    if (!(await Promise.race([closed, timedOut]))) for (const connection of this.connections) connection.disconnect();
  }
}
