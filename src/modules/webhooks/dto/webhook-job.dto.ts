import { IsInt, IsOptional, IsUUID, Matches, Min } from 'class-validator';
import { TRACEPARENT } from '@sms-gateway/android-agent/protocol';
import type { WebhookJobData } from '../queues.js';
import type { AccountId } from '@/common/account-id.js';

/** Job data is input like any other (STYLE.md): validated before the handler uses it. */
export class WebhookJobDto implements WebhookJobData {
  @IsUUID()
  deliveryId: string;

  @IsUUID()
  accountId: AccountId;

  @IsInt()
  @Min(0)
  attempt: number;

  @IsOptional()
  @Matches(TRACEPARENT)
  traceparent?: string;
}
