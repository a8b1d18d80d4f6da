import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfig } from '@/config/app-config.js';
import { OnEvent } from '@/modules/events/event-bus.js';
import type { DeviceStatusChange } from '@/modules/events/events.js';
import type { MessageEntity } from '@/modules/messages/entities/message.entity.js';
import { QueueName } from '@/modules/messages/queues.js';
import type { AccountId } from '@/common/account-id.js';

/** Promoted per round; a phone coming online with a long waitlist takes them round by round. */
const ROUND = 500;
/** Longer than the longest TTL: a waitlist nobody drains goes away on its own. */
const KEY_TTL_SECONDS = 8 * 86_400;
/** High priority sorts before every normal one, then oldest first. */
const HIGH_PRIORITY_OFFSET = 1e13;

/**
 * The messages of an account that wait because no phone that could take them is online (their
 * dispatch job is delayed until a recheck, spending no attempt). When one of the account's phones
 * comes online, their jobs are promoted at once, high priority first, then oldest first. A Redis
 * sorted set per account, so whichever process the phone connects to finds them.
 */
@Injectable()
export class PhoneWaitlist {
  private readonly logger = new Logger(PhoneWaitlist.name);

  constructor(
    private readonly config: AppConfig,
    @InjectQueue(QueueName.Dispatch) private readonly queue: Queue,
  ) {}

  /** A phone of the account came online: its waiting messages are handed out now. */
  @OnEvent('device.status')
  async phoneOnline(change: DeviceStatusChange): Promise<void> {
    if (change.status !== 'online') return;
    await this.release(change.accountId).catch((error: unknown) => {
      // The recheck (DISPATCH_NO_PHONE_RECHECK_MS) hands them out anyway, a little later.
      this.logger.warn({ err: error, accountId: change.accountId }, 'could not hand out the waiting messages');
    });
  }

  /**
   * `jobId` is the delayed job to promote: a message's first dispatch job has the message's id, a
   * later attempt's its own (`dispatchJobId`), so the message id alone would miss those.
   */
  async add(
    accountId: AccountId,
    message: Pick<MessageEntity, 'priority' | 'createdAt'>,
    jobId: string,
  ): Promise<void> {
    const score = message.createdAt.getTime() - (message.priority === 'high' ? HIGH_PRIORITY_OFFSET : 0);
    const key = this.key(accountId);
    await this.queue.client.multi().zadd(key, score, jobId).expire(key, KEY_TTL_SECONDS).exec();
  }

  /** Promotes the delayed jobs of the account's waiting messages; answers how many were promoted. */
  async release(accountId: AccountId): Promise<number> {
    const key = this.key(accountId);
    let promoted = 0;
    for (;;) {
      const ids = await this.queue.client.zrange(key, 0, ROUND - 1);
      if (ids.length === 0) return promoted;
      for (const jobId of ids) {
        const job = await this.queue.getJob(jobId);
        // Gone, or already running or waiting again (its recheck came first): nothing to do.
        if (job && (await job.isDelayed())) {
          await job.promote().then(
            () => (promoted += 1),
            () => undefined, // it left the delayed set meanwhile
          );
        }
      }
      await this.queue.client.zrem(key, ...ids);
    }
  }

  private key(accountId: AccountId): string {
    return `${this.config.REDIS_PREFIX}:phone-wait:${accountId}`;
  }
}
