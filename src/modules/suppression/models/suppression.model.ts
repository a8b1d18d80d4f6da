import { Field, ID, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '@/common/page-info.model.js';

@ObjectType('Suppression')
export class SuppressionModel {
  @Field(() => ID)
  id: string;

  @Field({ description: 'E.164' })
  phoneNumber: string;

  @Field({ description: 'keyword | manual | import | carrier' })
  reason: string;

  @Field(() => ID, { nullable: true, description: 'The inbound SMS that said STOP (reason keyword)' })
  sourceMessageId: string | null;

  @Field()
  createdAt: string;
}

@ObjectType('SuppressionEdge')
export class SuppressionEdgeModel {
  @Field()
  cursor: string;

  @Field(() => SuppressionModel)
  node: SuppressionModel;
}

/** `suppressions(...)`: a Relay connection, newest first. */
@ObjectType('SuppressionConnection')
export class SuppressionConnectionModel {
  @Field(() => [SuppressionEdgeModel])
  edges: SuppressionEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;
}
