import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { AppConfig } from '@/config/app-config.js';
import { backoffDelay } from '@/common/backoff.js';
import { Semaphore } from '@/common/semaphore.js';
import { recordWait, remoteContext, SpanKind, traced } from '@/common/trace.js';
import { DeferDispatch, DispatchQueue } from '@/modules/messages/dispatch-queue.js';
import { DispatchJob, QueueName, type DispatchJobData } from '@/modules/messages/queues.js';
import { DispatchService, RetryableDispatchError, type DispatchOutcome } from './dispatch.service.js';

const isRetry = (error: unknown) => error instanceof DeferDispatch || error instanceof RetryableDispatchError;

type Handlers = { [K in DispatchJob]: (job: Job<DispatchJobData[K]>) => Promise<unknown> };
type Attempt = { jobId: string; made: number; max: number };

/** How long a chunk's member waits for a dispatch slot before it leaves the chunk for a job of its own. */
const SLOT_WAIT_MS = 60_000;

/**
 * The worker role's shell over DispatchService.dispatch. Registered by hand rather than with
 * @Process so that concurrency comes from config and only worker processes consume the queue.
 */
@Injectable()
export class DispatchProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(DispatchProcessor.name);
  /** Chunks' members dispatching at once in this process, whatever the number of chunks running. */
  private readonly slots: Semaphore;

  /** One handler per job name: the mapped type makes a missing one a compile error. */
  readonly handlers: Handlers = {
    [DispatchJob.Send]: (job) => {
      // A job that took over from a chunk counts the chunk's attempt too.
      const before = job.data.made ?? 0;
      const attempt = {
        jobId: String(job.id),
        made: job.attemptsMade + before,
        max: (job.opts.attempts ?? 1) + before,
      };
      // (From the time it was added or scheduled for; a retry's wait is its backoff, not shown.)
      const queuedAt = job.attemptsMade === 0 ? job.timestamp + (job.opts.delay ?? 0) : undefined;
      return this.attempt(job.data, attempt, queuedAt).catch((error: unknown) => {
        // Waiting for a phone's budget is not a failed attempt. Bull counts one for every throw
        // (Job#moveToFailed), so give it back; the backoff strategy takes the delay from the
        // error (messages.module.ts).
        if (error instanceof DeferDispatch) job.attemptsMade -= 1;
        throw error;
      });
    },
    [DispatchJob.SendMany]: async (job) => {
      const members = job.data.messages;
      try {
        await Promise.all(members.map((member) => this.member(member, job.timestamp)));
      } finally {
        await this.queue.leaveChunk(members.map((m) => m.messageId));
      }
    },
  };

  constructor(
    private readonly dispatcher: DispatchService,
    private readonly config: AppConfig,
    private readonly queue: DispatchQueue,
    @InjectQueue(QueueName.Dispatch) private readonly bull: Queue,
  ) {
    this.slots = new Semaphore(config.DISPATCH_CONCURRENCY);
  }

  onApplicationBootstrap(): void {
    // One processor for every job name: Bull adds up the concurrency of each process() call, and
    // DISPATCH_CONCURRENCY is the jobs at once, whatever their names (a chunk's members share
    // `slots` besides). process() settles only when the queue closes; a rejection means the worker
    // cannot consume.
    this.bull
      .process('*', this.config.DISPATCH_CONCURRENCY, (job: Job) => {
        const handler = this.handlers[job.name as DispatchJob] as ((job: Job) => Promise<unknown>) | undefined;
        if (!handler) throw new Error(`no handler for dispatch job ${job.name}`);
        return handler(job);
      })
      .catch((error: unknown) => {
        this.logger.error({ err: error }, `queue ${QueueName.Dispatch} stopped consuming`);
      });
    this.logger.log(`consuming queue ${QueueName.Dispatch} with concurrency ${this.config.DISPATCH_CONCURRENCY}`);
  }

  /** One dispatch attempt in its trace: the wait in the queue (when known), then the attempt. */
  private attempt(
    data: DispatchJobData[DispatchJob.Send],
    attempt: Attempt,
    queuedAt: number | undefined,
  ): Promise<DispatchOutcome> {
    // The trace of whoever queued the message: its wait in the queue, then this attempt.
    const parent = remoteContext(data);
    const attributes = { 'sms.message.id': data.messageId, 'sms.attempt': attempt.made + 1 };
    if (queuedAt !== undefined) recordWait('dispatch queue wait', parent, queuedAt, attributes);
    return traced('dispatch', { remoteParent: data, kind: SpanKind.CONSUMER, attributes, expected: isRetry }, (span) =>
      this.dispatcher.dispatch(data, attempt).then((outcome) => {
        span.setAttribute('sms.dispatch.outcome', outcome);
        return outcome;
      }),
    ).catch((error: unknown) => {
      if (error instanceof RetryableDispatchError) {
        this.logger.debug(
          { messageId: data.messageId, code: error.code, attempt: attempt.made + 1 },
          'dispatch will retry',
        );
      } else if (!(error instanceof DeferDispatch)) {
        this.logger.error({ err: error, messageId: data.messageId }, 'dispatch failed');
      }
      throw error;
    });
  }

  /**
   * A chunk's member's first attempt, with the job id it would have had alone. What a lone job
   * would have retried (a deferral, a retryable failure, an error) becomes a job of its own with
   * the same delay Bull would have given it.
   */
  private async member(member: DispatchJobData[DispatchJob.Send], queuedAt: number): Promise<void> {
    const max = this.config.DISPATCH_MAX_ATTEMPTS;
    const ran = await this.slots
      .run(SLOT_WAIT_MS, () => this.attempt(member, { jobId: member.messageId, made: 0, max }, queuedAt))
      .catch((error: unknown) => ({ error }));
    if (ran && !('error' in ran)) return;
    if (!ran) return this.queue.takeOver(member, 'normal', 0, 0);
    if (ran.error instanceof DeferDispatch) return this.queue.takeOver(member, 'normal', ran.error.delayMs, 0);
    // A failed attempt, as Bull counts them; after the last one the message waits for the sweep.
    if (max <= 1) return;
    const delay = backoffDelay(1, this.config.DISPATCH_BACKOFF_MS, this.config.DISPATCH_BACKOFF_MAX_MS);
    return this.queue.takeOver(member, 'normal', delay, 1);
  }
}
