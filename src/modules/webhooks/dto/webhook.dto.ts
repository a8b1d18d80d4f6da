import { ArgsType, Field, Float, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageArgs, PageQuery } from '@/common/page-params.js';
import type { DeliveryStatus } from '../entities/webhook-delivery.entity.js';
import { SUBSCRIBABLE } from '../webhook-events.js';

const eventsMessage = `each event must be one of ${SUBSCRIBABLE.join(', ')}`;
const urlOptions = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/** Optional, but not nullable: a PATCH field is either left out or given a value of its type. */
const Given = () => ValidateIf((_object: unknown, value: unknown) => value !== undefined);

/** `POST /v1/webhooks` and GraphQL `createWebhook(input:)`. */
@InputType('CreateWebhookInput')
export class CreateWebhookDto {
  @Field()
  @IsString()
  @MaxLength(2048)
  @IsUrl(urlOptions, { message: 'url must be an http or https URL' })
  @ApiProperty({ type: String, example: 'https://example.com/hooks/sms' })
  url: string;

  @Field(() => [String])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SUBSCRIBABLE.length)
  @ArrayUnique()
  @IsIn(SUBSCRIBABLE, { each: true, message: eventsMessage })
  @ApiProperty({ type: [String], example: ['message.delivered', 'message.failed'] })
  events: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @ApiPropertyOptional({ type: String })
  description?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  @ApiPropertyOptional({ type: Boolean, default: true })
  enabled?: boolean | null;
}

/**
 * `PATCH /v1/webhooks/{id}`: re-enabling clears the failure record. GraphQL's `updateWebhook` is
 * validated by this class too, after the endpoint is looked up (WebhooksResolver.updateWebhook).
 */
@InputType({ isAbstract: true })
export class UpdateWebhookDto {
  @Field(() => String, { nullable: true })
  @Given()
  @IsString()
  @MaxLength(2048)
  @IsUrl(urlOptions, { message: 'url must be an http or https URL' })
  @ApiPropertyOptional({ type: String })
  url?: string;

  @Field(() => [String], { nullable: true })
  @Given()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SUBSCRIBABLE.length)
  @ArrayUnique()
  @IsIn(SUBSCRIBABLE, { each: true, message: eventsMessage })
  @ApiPropertyOptional({ type: [String] })
  events?: string[];

  /** null clears it. */
  @Field(() => String, { nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @ApiPropertyOptional({ type: String, description: 'null clears it' })
  description?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Re-enabling clears the failure record' })
  @Given()
  @IsBoolean()
  @ApiPropertyOptional({ type: Boolean, description: 'Re-enabling clears the failure record' })
  enabled?: boolean;
}

/**
 * GraphQL `updateWebhook(input:)`: the endpoint's id and the PATCH fields. Only the schema uses
 * this class; the fields are validated by UpdateWebhookDto once the id has been looked up.
 */
@InputType('UpdateWebhookInput')
export class UpdateWebhookInput extends UpdateWebhookDto {
  @Field(() => ID)
  id: string;
}

/** The filter of `GET /v1/webhooks/{id}/deliveries`. */
class DeliveryFilters {
  @IsOptional()
  @IsIn(['pending', 'delivered', 'failed'])
  @ApiPropertyOptional({ type: String })
  status?: DeliveryStatus;
}

/** `GET /v1/webhooks/{id}/deliveries?status=&cursor=&limit=`: newest first. */
export class ListDeliveriesQueryDto extends PageQuery(DeliveryFilters) {}

/** `POST /v1/webhooks/{id}/rotate-secret`, body optional. */
@InputType({ isAbstract: true })
export class RotateWebhookSecretDto {
  /** How long the old secret keeps signing beside the new one: 0 (a leaked secret) to 168 hours. */
  @Field(() => Float, {
    nullable: true,
    description: 'Hours the old secret keeps signing beside the new one: 0 (a leaked secret) to 168, default 24',
  })
  // Left out means the default; null is refused rather than taken as 0, which would end the old secret at once.
  @Given()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(168)
  @ApiPropertyOptional({
    type: Number,
    default: 24,
    description: 'How long the old secret keeps signing beside the new one (0: stop at once)',
  })
  keepPreviousForHours?: number;
}

/**
 * GraphQL `rotateWebhookSecret(input:)`: the REST body plus the endpoint's id. Only the schema uses
 * this class; as in REST, the id's form is checked first and the rest by RotateWebhookSecretDto.
 */
@InputType('RotateWebhookSecretInput')
export class RotateWebhookSecretInput extends RotateWebhookSecretDto {
  @Field(() => ID)
  id: string;
}

/** GraphQL `deleteWebhook(input:)`. Any string: a malformed id is NOT_FOUND, as in REST. */
@InputType('DeleteWebhookInput')
export class DeleteWebhookInput {
  @Field(() => ID)
  @IsString()
  id: string;
}

/** GraphQL `sendTestWebhook(input:)`. */
@InputType('SendTestWebhookInput')
export class SendTestWebhookInput {
  @Field(() => ID)
  @IsString()
  id: string;
}

/** GraphQL `redeliverWebhookDelivery(input:)`: the id of the delivery to send again. */
@InputType('RedeliverWebhookDeliveryInput')
export class RedeliverWebhookDeliveryInput {
  @Field(() => ID)
  @IsString()
  id: string;
}

/** The arguments of GraphQL `webhookDeliveries(...)` other than the page, which extend it. */
@ArgsType()
class DeliveryFilterArgs extends PageArgs() {
  @Field(() => ID)
  @IsString()
  webhookId: string;

  @Field(() => String, { nullable: true, description: 'pending | delivered | failed' })
  @IsOptional()
  @IsIn(['pending', 'delivered', 'failed'])
  status?: DeliveryStatus | null;
}

/**
 * GraphQL `webhookDeliveries(...)`: a Relay connection over the same list as `GET /v1/webhooks/{id}/deliveries`.
 * A class of its own so that `webhookId` and `status` stay before `first`/`after` in the schema.
 */
@ArgsType()
export class WebhookDeliveriesArgs extends DeliveryFilterArgs {}
