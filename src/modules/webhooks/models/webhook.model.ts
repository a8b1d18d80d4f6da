import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '@/common/page-info.model.js';

@ObjectType('Webhook')
export class WebhookModel {
  @Field(() => ID)
  id: string;

  @Field()
  url: string;

  @Field(() => [String])
  events: string[];

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field()
  enabled: boolean;

  @Field(() => String, { nullable: true, description: 'Since when deliveries fail (null while they succeed)' })
  failingSince: string | null;

  @Field(() => String, { nullable: true })
  disabledReason: string | null;

  @Field()
  createdAt: string;

  @Field()
  updatedAt: string;
}

/** The endpoint with its signing secret, which only this answer shows. */
@ObjectType('CreatedWebhook')
export class CreatedWebhookModel extends WebhookModel {
  @Field({ description: 'whsec_…: verify signatures with it; it is not shown again' })
  secret: string;
}

/** One line of an endpoint's delivery log. */
@ObjectType('WebhookDelivery')
export class WebhookDeliveryModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { nullable: true, description: 'The endpoint; null for a callbackUrl delivery' })
  endpointId: string | null;

  @Field(() => ID, { description: 'The webhook-id header: the same on every attempt and redelivery of an event' })
  eventId: string;

  @Field()
  eventType: string;

  @Field({ description: 'pending | delivered | failed' })
  status: string;

  @Field(() => Int)
  attempts: number;

  @Field(() => Int, { nullable: true, description: "The last attempt's HTTP status" })
  statusCode: number | null;

  @Field(() => Int, { nullable: true })
  latencyMs: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The last failure: the network error, or the status and at most 1 KiB of the response body',
  })
  error: string | null;

  @Field(() => String, { nullable: true, description: 'When the next attempt is due; null once delivered or failed' })
  nextAttemptAt: string | null;

  @Field()
  createdAt: string;

  @Field(() => String, { nullable: true })
  deliveredAt: string | null;
}

@ObjectType('WebhookDeliveryEdge')
export class WebhookDeliveryEdgeModel {
  @Field()
  cursor: string;

  @Field(() => WebhookDeliveryModel)
  node: WebhookDeliveryModel;
}

/** `webhookDeliveries(...)`: a Relay connection, newest first. */
@ObjectType('WebhookDeliveryConnection')
export class WebhookDeliveryConnectionModel {
  @Field(() => [WebhookDeliveryEdgeModel])
  edges: WebhookDeliveryEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;
}

/** The secret that signs per-message callbackUrl requests, which only this answer shows. */
@ObjectType('CallbackSecret')
export class CallbackSecretModel {
  @Field({ description: 'whsec_…: verify callbackUrl signatures with it; it is not shown again' })
  secret: string;

  @Field()
  createdAt: string;
}
