/** Queue and job names in one place (STYLE.md, Immich's model); each job name has one typed payload. */
export enum QueueName {
  Dispatch = 'dispatch',
}

export enum DispatchJob {
  Send = 'send',
}

export interface DispatchJobData {
  [DispatchJob.Send]: { messageId: string; accountId: string; traceparent?: string };
}
