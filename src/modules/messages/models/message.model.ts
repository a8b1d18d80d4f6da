import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

@ObjectType('MessageEvent')
export class MessageEventModel {
  @Field()
  status: string;

  @Field()
  at: string;

  @Field()
  source: string;

  @Field(() => Int)
  attempt: number;

  @Field(() => ID, { nullable: true })
  deviceId?: string;

  @Field(() => ID, { nullable: true })
  carrierId?: string;

  @Field(() => String, { nullable: true })
  errorCode?: string;

  @Field(() => String, { nullable: true })
  errorMessage?: string;
}

@ObjectType('Message')
export class MessageModel {
  @Field(() => ID)
  id: string;

  @Field()
  to: string;

  @Field(() => String, { nullable: true })
  from: string | null;

  @Field()
  body: string;

  @Field()
  status: string;

  @Field(() => String, { nullable: true })
  errorCode: string | null;

  @Field(() => String, { nullable: true })
  errorMessage: string | null;

  @Field(() => Int)
  segments: number;

  @Field()
  encoding: string;

  @Field()
  priority: string;

  @Field(() => ID, { nullable: true })
  deviceId: string | null;

  @Field(() => ID, { nullable: true })
  carrierId: string | null;

  @Field(() => ID, { nullable: true })
  routeId: string | null;

  @Field(() => Int, { nullable: true })
  simSlot: number | null;

  @Field(() => Int)
  attempts: number;

  @Field(() => String, { nullable: true })
  sendAt: string | null;

  @Field()
  expiresAt: string;

  @Field()
  createdAt: string;

  @Field()
  updatedAt: string;

  @Field(() => String, { nullable: true })
  sentAt: string | null;

  @Field(() => String, { nullable: true })
  deliveredAt: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  metadata: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'Your own id for the message, as sent' })
  clientReference: string | null;

  @Field(() => ID, { nullable: true, description: 'The template the body was rendered from' })
  templateId: string | null;

  @Field(() => ID, { nullable: true, description: 'The campaign that sent it' })
  campaignId: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Who sent it: user:<id>, client:<id>, campaign:<id>, or system (keyword replies)',
  })
  sentBy: string | null;

  @Field(() => [MessageEventModel], { nullable: true })
  events?: MessageEventModel[];
}
