import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { AppConfig } from '@/config/app-config.js';
import { recordWait, remoteContext, SpanKind, traced } from '@/common/trace.js';
import { DeferDispatch } from '@/modules/messages/dispatch-queue.js';
import { DispatchJob, QueueName, type DispatchJobData } from '@/modules/messages/queues.js';
import { DispatchService, RetryableDispatchError } from './dispatch.service.js';

const isRetry = (error: unknown) => error instanceof DeferDispatch || error instanceof RetryableDispatchError;

type Handlers = { [K in DispatchJob]: (job: Job<DispatchJobData[K]>) => Promise<unknown> };

/**
 * The worker role's shell over DispatchService.dispatch. Registered by hand rather than with
 * @Process so that concurrency comes from config and only worker processes consume the queue.
 */
@Injectable()
export class DispatchProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(DispatchProcessor.name);

  /** One handler per job name: the mapped type makes a missing one a compile error. */
  readonly handlers: Handlers = {
    [DispatchJob.Send]: (job) => {
      // The trace of whoever queued the message: its wait in the queue, then this attempt.
      const parent = remoteContext(job.data);
      const attributes = { 'sms.message.id': job.data.messageId, 'sms.attempt': job.attemptsMade + 1 };
      // (From the time it was added or scheduled for; a retry's wait is its backoff, not shown.)
      if (job.attemptsMade === 0) {
        recordWait('dispatch queue wait', parent, job.timestamp + (job.opts.delay ?? 0), attributes);
      }
      return traced(
        'dispatch',
        { remoteParent: job.data, kind: SpanKind.CONSUMER, attributes, expected: isRetry },
        (span) =>
          this.dispatcher
            .dispatch(job.data, { jobId: String(job.id), made: job.attemptsMade, max: job.opts.attempts ?? 1 })
            .then((outcome) => {
              span.setAttribute('sms.dispatch.outcome', outcome);
              return outcome;
            }),
      ).catch((error: unknown) => {
        if (error instanceof DeferDispatch) {
          // Waiting for a phone's budget is not a failed attempt. Bull counts one for every
          // throw (Job#moveToFailed), so give it back; the backoff strategy takes the delay
          // from the error (messages.module.ts).
          job.attemptsMade -= 1;
          throw error;
        }
        if (error instanceof RetryableDispatchError) {
          this.logger.debug(
            { messageId: job.data.messageId, code: error.code, attempt: job.attemptsMade + 1 },
            'dispatch will retry',
          );
        } else {
          this.logger.error({ err: error, messageId: job.data.messageId }, 'dispatch failed');
        }
        throw error;
      });
    },
  };

  constructor(
    private readonly dispatcher: DispatchService,
    private readonly config: AppConfig,
    @InjectQueue(QueueName.Dispatch) private readonly queue: Queue,
  ) {}

  onApplicationBootstrap(): void {
    for (const name of Object.values(DispatchJob)) {
      // process() settles only when the queue closes; a rejection means the worker cannot consume.
      this.queue.process(name, this.config.DISPATCH_CONCURRENCY, this.handlers[name]).catch((error: unknown) => {
        this.logger.error({ err: error }, `queue ${QueueName.Dispatch} stopped consuming`);
      });
    }
    this.logger.log(`consuming queue ${QueueName.Dispatch} with concurrency ${this.config.DISPATCH_CONCURRENCY}`);
  }
}
