import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '@/common/page-info.model.js';

@ObjectType('InboundMessage')
export class InboundMessageModel {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Sender, exactly as the phone reported it' })
  from: string;

  @Field(() => String, { nullable: true })
  to: string | null;

  @Field()
  body: string;

  @Field(() => ID, { nullable: true })
  deviceId: string | null;

  @Field(() => Int, { nullable: true })
  simSlot: number | null;

  @Field()
  receivedAt: string;

  @Field()
  createdAt: string;
}

@ObjectType('InboundMessageEdge')
export class InboundMessageEdgeModel {
  @Field()
  cursor: string;

  @Field(() => InboundMessageModel)
  node: InboundMessageModel;
}

/** `inboundMessages(...)`: a Relay connection, newest received first. */
@ObjectType('InboundMessageConnection')
export class InboundMessageConnectionModel {
  @Field(() => [InboundMessageEdgeModel])
  edges: InboundMessageEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;
}
