import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('MessageStatusEvent', { description: 'A message moved to `status` (or was created in it)' })
export class MessageStatusEventModel {
  @Field(() => ID)
  messageId: string;

  @Field()
  status: string;

  @Field()
  at: string;

  @Field(() => ID, { nullable: true })
  deviceId: string | null;

  @Field(() => String, { nullable: true })
  errorCode: string | null;
}

@ObjectType('DeviceStatusEvent', { description: 'A phone came online or went offline' })
export class DeviceStatusEventModel {
  @Field(() => ID)
  deviceId: string;

  @Field({ description: '`online` or `offline`' })
  status: string;

  @Field()
  at: string;

  @Field(() => String, {
    nullable: true,
    description: 'Why it went offline: `disconnected`, `silent` (heartbeats stopped), `revoked` or `disabled`',
  })
  reason: string | null;
}
