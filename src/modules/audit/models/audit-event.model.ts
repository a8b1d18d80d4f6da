import { Field, ID, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { PageInfoModel } from '@/common/page-info.model.js';

@ObjectType('AuditActor')
export class AuditActorModel {
  @Field({ description: 'user, client, device or system' })
  kind: string;

  @Field()
  id: string;
}

@ObjectType('AuditTarget')
export class AuditTargetModel {
  @Field({ description: 'device, message, …' })
  type: string;

  @Field()
  id: string;
}

@ObjectType('AuditEvent')
export class AuditEventModel {
  @Field(() => ID)
  id: string;

  @Field(() => AuditActorModel)
  actor: AuditActorModel;

  @Field({ description: 'What happened, such as device.paired or message.canceled' })
  action: string;

  @Field(() => AuditTargetModel)
  target: AuditTargetModel;

  @Field()
  at: string;

  @Field(() => String, { nullable: true })
  ip: string | null;

  @Field(() => String, { nullable: true })
  requestId: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  diff: Record<string, unknown> | null;
}

@ObjectType('AuditEventEdge')
export class AuditEventEdgeModel {
  @Field()
  cursor: string;

  @Field(() => AuditEventModel)
  node: AuditEventModel;
}

/** `auditEvents(...)`: a Relay connection, newest first. */
@ObjectType('AuditEventConnection')
export class AuditEventConnectionModel {
  @Field(() => [AuditEventEdgeModel])
  edges: AuditEventEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;
}
