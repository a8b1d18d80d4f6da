import type { TraceCarrier } from '@/common/trace.js';
import type { AccountId } from '@/common/account-id.js';

/** Queue and job names in one place (STYLE.md, Immich's model); each job name has one typed payload. */
export enum QueueName {
  Dispatch = 'dispatch',
}

export enum DispatchJob {
  Send = 'send',
  SendMany = 'send-many',
}

export interface DispatchJobData {
  /**
   * The trace fields are the context that queued the message (API call, report, sweep). `made`:
   * attempts the message already made in a chunk before this job took it over (absent: none).
   */
  [DispatchJob.Send]: { messageId: string; accountId: AccountId; made?: number } & TraceCarrier;
  /**
   * The first attempt of up to DISPATCH_CHUNK messages accepted together (issue 18): one job, so
   * three Bull scripts, for all of them. A member that must try again later leaves the chunk for a
   * job of its own (a `send` with the message's job id).
   */
  [DispatchJob.SendMany]: { messages: ({ messageId: string; accountId: AccountId } & TraceCarrier)[] };
}
