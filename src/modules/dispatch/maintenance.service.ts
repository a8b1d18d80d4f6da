import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfig } from '@/config/app-config.js';
import { PeriodicPass } from '@/common/periodic.js';
import { DispatchQueue, willRun } from '@/modules/messages/dispatch-queue.js';
import { dispatchJobId } from '@/modules/messages/message-factory.js';
import { MessageSweepsRepository } from '@/modules/messages/message-sweeps.repository.js';
import { EventBus } from '@/modules/events/event-bus.js';
import { QueueName } from '@/modules/messages/queues.js';
import { PhoneReconciliationService } from './phone-reconciliation.service.js';

const BATCH = 1000;

/**
 * The worker's sweeps, on a timer in the process rather than as Bull repeatable jobs: they must
 * keep running when Redis lost its data, which is exactly when the recovery sweep is needed.
 * Every step is idempotent, so several workers sweeping at once only repeat harmless work.
 */
@Injectable()
export class MaintenanceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MaintenanceService.name);
  private readonly loop = new PeriodicPass(() => this.sweep());

  constructor(
    private readonly repo: MessageSweepsRepository,
    private readonly reconciliation: PhoneReconciliationService,
    private readonly config: AppConfig,
    private readonly events: EventBus,
    private readonly dispatchQueue: DispatchQueue,
    @InjectQueue(QueueName.Dispatch) private readonly queue: Queue,
  ) {}

  onApplicationBootstrap(): void {
    void this.checkEvictionPolicy();
    this.loop.start(this.config.SWEEP_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** One pass of every sweep; exposed for tests and operators. */
  async sweep(): Promise<{ expired: number; recovered: number; reclaimed: number }> {
    try {
      const expiredRows = await this.repo.expireDueAcrossAccounts(BATCH);
      const now = new Date();
      for (const r of expiredRows) {
        void this.events.emit('message.status', {
          accountId: r.account_id,
          messageId: r.id,
          status: 'expired',
          at: now,
          errorCode: 'EXPIRED',
        });
      }
      const expired = expiredRows.length;
      const reportsTimedOut = (await this.repo.timeOutReportsAcrossAccounts(BATCH, this.config.DLR_TIMEOUT_SECONDS))
        .length;
      if (reportsTimedOut > 0) this.logger.log({ reportsTimedOut }, 'no delivery report within DLR_TIMEOUT_SECONDS');
      const recovered = await this.recover();
      const reclaimed = await this.reclaimLeases();
      await this.repo.deleteOldIdempotencyKeysAcrossAccounts();
      if (expired > 0 || recovered > 0 || reclaimed > 0) this.logger.log({ expired, recovered, reclaimed }, 'sweep');
      return { expired, recovered, reclaimed };
    } catch (error) {
      this.logger.error({ err: error }, 'sweep failed; the next one will try again');
      return { expired: 0, recovered: 0, reclaimed: 0 };
    }
  }

  /** Messages held by phones silent past their lease go back to the queue for other phones. */
  private async reclaimLeases(): Promise<number> {
    let reclaimed = 0;
    for (const m of await this.repo.leaseExpiredAcrossAccounts(BATCH, this.config.DEVICE_LEASE_SECONDS)) {
      if (await this.reconciliation.reclaimLease({ id: m.id, accountId: m.account_id, deviceId: m.device_id })) {
        reclaimed += 1;
      }
    }
    return reclaimed;
  }

  /** Where the recovery sweep goes on from (per process; each walks every page in turn). */
  private recoveryAfter?: { createdAt: Date; id: string };

  /**
   * Queued (or scheduled) messages whose job is missing, because the process died between commit
   * and enqueue or Redis restarted empty, get their job again. The job id is derived from the
   * message, so a job that exists is left alone, and so is a member of a chunk that will still run.
   */
  private async recover(): Promise<number> {
    const candidates = await this.repo.recoverableAcrossAccounts(
      BATCH,
      this.config.RECOVERY_QUIET_SECONDS,
      this.recoveryAfter,
    );
    // The next sweep takes the next page; after the last one it starts over from the oldest.
    const last = candidates.at(-1);
    this.recoveryAfter = candidates.length === BATCH && last ? { createdAt: last.created_at, id: last.id } : undefined;
    // A chunk's members have no job of their own until they leave it (DispatchQueue.enqueue).
    const inChunk = await this.dispatchQueue.inLiveChunk(
      candidates.filter((m) => m.status === 'queued' && m.attempts === 0).map((m) => m.id),
    );
    let recovered = 0;
    for (const m of candidates) {
      if (inChunk.has(m.id)) continue;
      const job = await this.queue.getJob(dispatchJobId(m.id, m.attempts));
      if (job) {
        // A job that will still run is left alone; a finished one, or a remnant that is in no list
        // ('unknown', e.g. half-written when Redis lost its data), is replaced.
        if (await willRun(job)) continue;
        await job.remove().catch(() => undefined);
      }
      await this.dispatchQueue.enqueueExisting({
        id: m.id,
        accountId: m.account_id,
        attempts: m.attempts,
        priority: m.priority,
        sendAt: m.status === 'scheduled' ? m.send_at : null,
      });
      recovered += 1;
    }
    return recovered;
  }

  /** Queue data evicted under memory pressure is a lost message: say so loudly at boot. */
  private async checkEvictionPolicy(): Promise<void> {
    try {
      const reply = (await this.queue.client.config('GET', 'maxmemory-policy')) as string[];
      const policy = reply[1];
      if (policy && policy !== 'noeviction') {
        this.logger.warn(
          `Redis maxmemory-policy is "${policy}": under memory pressure Redis may evict queue jobs. ` +
            'Set it to noeviction (redis-cli CONFIG SET maxmemory-policy noeviction, and in redis.conf).',
        );
      }
    } catch {
      this.logger.warn('could not read Redis maxmemory-policy (CONFIG may be disabled); make sure it is noeviction');
    }
  }
}
