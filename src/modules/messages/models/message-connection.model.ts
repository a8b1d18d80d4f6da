import { Field, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '@/common/page-info.model.js';
import { MessageModel } from './message.model.js';

@ObjectType('MessageEdge')
export class MessageEdgeModel {
  @Field()
  cursor: string;

  @Field(() => MessageModel)
  node: MessageModel;
}

/** `messages(...)`: a Relay connection, newest first. */
@ObjectType('MessageConnection')
export class MessageConnectionModel {
  @Field(() => [MessageEdgeModel])
  edges: MessageEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;
}
