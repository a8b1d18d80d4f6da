import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

@ObjectType('CarrierCounters')
export class CarrierCountersModel {
  @Field(() => Int)
  submitted: number;

  @Field(() => Int)
  rejected: number;

  @Field(() => Int)
  throttled: number;

  @Field(() => Int)
  receipts: number;

  @Field(() => Int)
  inbound: number;

  @Field(() => Int)
  reconnects: number;
}

@ObjectType('Carrier')
export class CarrierModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: 'smpp | http' })
  kind: string;

  @Field()
  enabled: boolean;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'SMPP settings; never the password (passwordSet says whether one is stored)',
  })
  smpp: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'HTTP settings; never the secret (secretSet says whether one is stored)',
  })
  http: Record<string, unknown> | null;

  @Field({ description: 'bound | connecting | reconnecting | down | disabled' })
  state: string;

  @Field(() => String, { nullable: true })
  stateDetail: string | null;

  @Field(() => String, { nullable: true })
  stateSince: string | null;

  @Field(() => CarrierCountersModel)
  counters: CarrierCountersModel;

  @Field()
  createdAt: string;

  @Field()
  updatedAt: string;
}
