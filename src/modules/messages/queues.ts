import type { TraceCarrier } from '@/common/trace.js';

/** Queue and job names in one place (STYLE.md, Immich's model); each job name has one typed payload. */
export enum QueueName {
  Dispatch = 'dispatch',
}

export enum DispatchJob {
  Send = 'send',
}

export interface DispatchJobData {
  /** The trace fields are the context that queued the message (API call, report, sweep). */
  [DispatchJob.Send]: { messageId: string; accountId: string } & TraceCarrier;
}
