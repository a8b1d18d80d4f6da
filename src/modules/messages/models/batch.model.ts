import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';
import { SendMessageDto } from '../dto/send-message.dto.js';
import { MessageModel } from './message.model.js';

@ObjectType('FieldError')
export class FieldErrorModel {
  @Field()
  field: string;

  @Field()
  message: string;
}

/** The REST problem document, for per-item errors in GraphQL results. */
@ObjectType('Problem')
export class ProblemModel {
  @Field()
  code: string;

  @Field(() => Int)
  status: number;

  @Field()
  title: string;

  @Field()
  detail: string;

  @Field(() => [FieldErrorModel], { nullable: true })
  errors?: FieldErrorModel[];
}

@ObjectType('SendMessageResult')
export class SendMessageResultModel {
  @Field(() => Int)
  status: number;

  @Field(() => MessageModel, { nullable: true })
  message?: MessageModel;

  @Field(() => ProblemModel, { nullable: true })
  error?: ProblemModel;
}

@ObjectType('SendMessagesPayload')
export class SendMessagesPayloadModel {
  @Field(() => [SendMessageResultModel])
  results: SendMessageResultModel[];
}

@InputType('SendMessagesInput')
export class SendMessagesInput {
  // Items are checked one by one in the service, so one bad item fails only itself.
  @Field(() => [SendMessageDto])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  messages: SendMessageDto[];
}

@InputType('CancelMessageInput')
export class CancelMessageInput {
  @Field()
  @IsUUID()
  id: string;
}
