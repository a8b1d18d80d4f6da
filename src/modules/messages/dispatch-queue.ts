import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Job, JobOptions, Queue } from 'bull';
import { AppConfig } from '@/config/app-config.js';
import { traceCarrier, type TraceCarrier } from '@/common/trace.js';
import type { MessageEntity } from './entities/message.entity.js';
import { dispatchJobId } from './message-factory.js';
import { DispatchJob, QueueName, type DispatchJobData } from './queues.js';
import type { AccountId } from '@/common/account-id.js';

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

/** Messages per `send-many` job at most: the first attempts of messages accepted together. */
export const DISPATCH_CHUNK = 50;

/** A chunk's job id: its first message's id, so a refused or lost message's chunk is still traceable to it. */
export function chunkJobId(firstMessageId: string): string {
  return `${firstMessageId}:chunk`;
}

type Member = DispatchJobData[DispatchJob.SendMany]['messages'][number];

/** Whether a dispatch job will still run: it waits, is delayed, runs or is paused (not finished, not a remnant). */
export async function willRun(job: Job | null): Promise<boolean> {
  if (!job) return false;
  const state = await job.getState();
  return state === 'waiting' || state === 'delayed' || state === 'active' || state === 'paused';
}

/** The dispatch queue's producer side: ingest, re-drive, status reports and the sweeps add jobs here. */
@Injectable()
export class DispatchQueue {
  constructor(
    private readonly config: AppConfig,
    @InjectQueue(QueueName.Dispatch) private readonly queue: Queue,
  ) {}

  /**
   * Which chunk each message of a live chunk is in (message id → chunk job id), beside the queue's
   * own keys: when Redis loses the queue it loses this too, and the recovery sweep, which reads
   * it to leave a chunk's members alone, re-creates their jobs one by one.
   */
  private get chunksKey(): string {
    return `${this.config.REDIS_PREFIX}:${QueueName.Dispatch}:chunks`;
  }

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

  /**
   * `traces`, per message, when they were accepted in other contexts than this one (group commit).
   * Messages due now at normal priority on their first attempt go in chunks of DISPATCH_CHUNK (one
   * `send-many` job each); the others (scheduled, high priority, a lone message) get a job each.
   */
  async enqueue(messages: MessageEntity[], traces?: TraceCarrier[]): Promise<void> {
    if (messages.length === 0) return;
    const here = traceCarrier();
    const now = Date.now();
    const jobs: { name: DispatchJob; data: unknown; opts: JobOptions }[] = [];
    const chunkable: { m: MessageEntity; member: Member }[] = [];
    for (const [i, m] of messages.entries()) {
      const member = { messageId: m.id, accountId: m.accountId, ...(traces?.[i] ?? here) };
      if (m.attempts === 0 && m.priority !== 'high' && (!m.sendAt || m.sendAt.getTime() <= now)) {
        chunkable.push({ m, member });
      } else jobs.push({ name: DispatchJob.Send, data: member, opts: this.jobOptions(m) });
    }
    const index: string[] = [];
    for (let i = 0; i < chunkable.length; i += DISPATCH_CHUNK) {
      const part = chunkable.slice(i, i + DISPATCH_CHUNK);
      if (part.length === 1) {
        jobs.push({ name: DispatchJob.Send, data: part[0].member, opts: this.jobOptions(part[0].m) });
        continue;
      }
      const jobId = chunkJobId(part[0].m.id);
      const data: DispatchJobData[DispatchJob.SendMany] = { messages: part.map((p) => p.member) };
      // One try: a member's retries are its own jobs; a chunk that fails as a whole leaves its
      // members to the recovery sweep.
      jobs.push({ name: DispatchJob.SendMany, data, opts: { jobId, removeOnComplete: true, removeOnFail: 1000 } });
      for (const p of part) index.push(p.m.id, jobId);
    }
    await Promise.all([
      index.length > 0 ? this.queue.client.hset(this.chunksKey, ...index) : undefined,
      this.queue.addBulk(jobs),
    ]);
  }

  /**
   * A chunk's member that must try again later leaves the chunk for a job of its own, with the
   * message's job id (so the phone waitlist and the sweep find it), `made` attempts already spent.
   */
  async takeOver(member: Member, priority: string, delayMs: number, made: number): Promise<void> {
    const opts = this.jobOptions({ id: member.messageId, attempts: 0, priority }, delayMs);
    await this.queue.add(
      DispatchJob.Send,
      { ...member, ...(made > 0 ? { made } : {}) },
      { ...opts, attempts: Math.max(1, (opts.attempts ?? 1) - made) },
    );
  }

  /** The chunk is done with these members: the sweep no longer needs to look it up for them. */
  async leaveChunk(messageIds: string[]): Promise<void> {
    if (messageIds.length > 0) await this.queue.client.hdel(this.chunksKey, ...messageIds);
  }

  /**
   * The messages among `ids` that are in a chunk whose job will still run (waiting, delayed,
   * active or paused). A member whose chunk is gone or finished is forgotten here, so the sweep
   * gives it a job of its own.
   */
  async inLiveChunk(ids: string[]): Promise<Set<string>> {
    const live = new Set<string>();
    if (ids.length === 0) return live;
    const chunks = await this.queue.client.hmget(this.chunksKey, ...ids);
    const states = new Map<string, Promise<boolean>>();
    const stale: string[] = [];
    for (const [i, chunkId] of chunks.entries()) {
      if (!chunkId) continue;
      if (!states.has(chunkId)) states.set(chunkId, this.queue.getJob(chunkId).then(willRun));
      if (await states.get(chunkId)) live.add(ids[i]);
      else stale.push(ids[i]);
    }
    await this.leaveChunk(stale);
    return live;
  }

  async enqueueRetry(
    accountId: AccountId,
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
    accountId: AccountId;
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
