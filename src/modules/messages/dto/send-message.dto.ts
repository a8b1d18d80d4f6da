import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import type { MessagePriority } from '../entities/message.entity.js';

/**
 * The send command, shared by REST and GraphQL. Type checks live here (VALIDATION_FAILED); the
 * rules with their own codes (number plan, segments, TTL range) live in the service.
 */
@InputType('SendMessageInput')
export class SendMessageDto {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  to: string;

  @Field()
  @IsString()
  @MinLength(1, { message: 'body must not be empty' })
  body: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  from?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  deviceId?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(7)
  simSlot?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIn(['normal', 'high'])
  priority?: MessagePriority;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  ttlSeconds?: number;

  @Field(() => GraphQLJSONObject, { nullable: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}
