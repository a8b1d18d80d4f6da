import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import { AppConfig } from '@/config/app-config.js';
import { traceCarrier, type TraceCarrier } from '@/common/trace.js';
import type { MessageEntity } from './entities/message.entity.js';
import { dispatchJobId } from './message-factory.js';
import { DispatchJob, QueueName, type DispatchJobData } from './queues.js';

/**
 * Every phone that could take the message is at its throttle or window: try again once budget
 * frees up. Not a failed attempt (the processor gives Bull its attempt back). Declared with the
 * queue because the queue's backoff strategy takes the delay from it (messages.module.ts).
 */
export class DeferDispatch extends Error {
  /** A little jitter, so the messages waiting on one budget or breaker do not all wake at once. */
  static withJitter(waitMs: number, why?: string): DeferDispatch {
    return new DeferDispatch(waitMs + Math.floor(Math.random() * Math.min(1000, 50 + waitMs / 5)), why);
  }

  constructor(
    readonly delayMs: number,
    why = 'every phone is at its throttle or window',
  ) {
    super(`dispatch deferred ${delayMs} ms: ${why}`);
    this.name = 'DeferDispatch';
    // Not a fault: the job keeps only this line, not a stack, per deferral.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** The dispatch queue's producer side: ingest, re-drive, status reports and the sweeps add jobs here. */
@Injectable()
export class DispatchQueue {
  constructor(
    private readonly config: AppConfig,
    @InjectQueue(QueueName.Dispatch) private readonly queue: Queue<DispatchJobData[DispatchJob.Send]>,
  ) {}

  private jobOptions(
    m: { id: string; attempts: number; priority: string; sendAt?: Date | null },
    delayMs = 0,
  ): JobOptions {
    const delay = m.sendAt ? Math.max(0, m.sendAt.getTime() - Date.now()) : delayMs;
    return {
      // The job id is derived from the message, so a second enqueue of the same attempt is a no-op.
      jobId: dispatchJobId(m.id, m.attempts),
      // Only high priority uses Bull's priority set; normal messages take the cheaper FIFO path.
      ...(m.priority === 'high' ? { priority: 1 } : {}),
      ...(delay > 0 ? { delay } : {}),
      attempts: this.config.DISPATCH_MAX_ATTEMPTS,
      backoff: { type: 'jitter' },
      removeOnComplete: true,
      removeOnFail: 1000,
      // Bull keeps a stack per failed try; a message deferred many times must not grow its job.
      stackTraceLimit: 3,
    };
  }

  /** `traces`, per message, when they were accepted in other contexts than this one (group commit). */
  async enqueue(messages: MessageEntity[], traces?: TraceCarrier[]): Promise<void> {
    if (messages.length === 0) return;
    const here = traceCarrier();
    await this.queue.addBulk(
      messages.map((m, i) => ({
        name: DispatchJob.Send,
        data: { messageId: m.id, accountId: m.accountId, ...(traces?.[i] ?? here) },
        opts: this.jobOptions(m),
      })),
    );
  }

  async enqueueRetry(
    accountId: string,
    messageId: string,
    attempts: number,
    priority: string,
    delayMs: number,
  ): Promise<void> {
    await this.queue.add(
      DispatchJob.Send,
      { messageId, accountId, ...traceCarrier() },
      this.jobOptions({ id: messageId, attempts, priority }, delayMs),
    );
  }

  /** Re-creates the job of a message that should have one (recovery sweep); harmless if it exists. */
  async enqueueExisting(m: {
    id: string;
    accountId: string;
    attempts: number;
    priority: string;
    sendAt: Date | null;
  }): Promise<void> {
    await this.queue.add(
      DispatchJob.Send,
      { messageId: m.id, accountId: m.accountId, ...traceCarrier() },
      this.jobOptions(m),
    );
  }

  /** Removes the job of a message's attempt, if it is still there (a canceled message's). */
  async remove(messageId: string, attempts: number): Promise<void> {
    const job = await this.queue.getJob(dispatchJobId(messageId, attempts));
    await job?.remove().catch(() => undefined);
  }
}
