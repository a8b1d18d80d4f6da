import type { AccountId } from '@/common/account-id.js';

/** Queue and job names of the webhooks module (STYLE.md, Immich's model); each job name has one typed payload. */
export enum WebhookQueue {
  Webhooks = 'webhooks',
}

export enum WebhookJob {
  Deliver = 'deliver',
}

/** One attempt of one delivery: `attempt` is the count of attempts made before it. */
export interface WebhookJobData {
  deliveryId: string;
  accountId: AccountId;
  attempt: number;
  /** The trace of the event's cause; each attempt is a span in it. */
  traceparent?: string;
}

export interface WebhookJobs {
  [WebhookJob.Deliver]: WebhookJobData;
}

/** One job per attempt: the relay adding it twice (a retried claim) is harmless. */
export function webhookJobId(deliveryId: string, attempt: number): string {
  return `${deliveryId}:${attempt}`;
}
