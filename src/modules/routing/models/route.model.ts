import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

@ObjectType('RouteMatch')
export class RouteMatchModel {
  @Field(() => [String], { nullable: true })
  prefixes?: string[];

  @Field(() => [String], { nullable: true })
  countries?: string[];

  @Field(() => String, { nullable: true })
  priority?: string;
}

@ObjectType('RouteTarget')
export class RouteTargetModel {
  @Field({ description: 'devices | pool | device | carrier' })
  kind: string;

  @Field(() => [ID], { nullable: true })
  deviceIds?: string[];

  @Field(() => ID, { nullable: true })
  deviceId?: string;

  @Field(() => ID, { nullable: true })
  carrierId?: string;

  @Field(() => Int, { nullable: true })
  weight?: number;

  @Field(() => GraphQLJSONObject, { nullable: true })
  prices?: Record<string, number>;
}

@ObjectType('Route')
export class RouteModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => Int)
  position: number;

  @Field(() => RouteMatchModel)
  match: RouteMatchModel;

  @Field({ description: 'failover | weighted | least-cost' })
  strategy: string;

  @Field(() => [RouteTargetModel])
  targets: RouteTargetModel[];

  @Field()
  isDefault: boolean;

  @Field()
  enabled: boolean;

  @Field()
  createdAt: string;

  @Field()
  updatedAt: string;
}
