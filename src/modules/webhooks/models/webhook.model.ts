import { Field, ID, ObjectType } from '@nestjs/graphql';

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
