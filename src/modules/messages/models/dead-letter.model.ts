import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

/** A message that ran out of attempts; `retryMessage` re-drives it. */
@ObjectType('DeadLetter')
export class DeadLetterModel {
  @Field(() => ID)
  messageId: string;

  @Field({ description: 'The last failure, e.g. NO_DEVICE_ONLINE' })
  errorCode: string;

  @Field(() => String, { nullable: true })
  errorMessage: string | null;

  @Field(() => Int)
  attempts: number;

  @Field()
  createdAt: string;
}
