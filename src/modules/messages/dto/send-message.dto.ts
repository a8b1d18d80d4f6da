import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
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

  /** ISO 8601 with a time zone; up to a year ahead. */
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/(Z|[+-]\d{2}:?\d{2})$/, { message: 'sendAt must carry a time zone (Z or ±hh:mm)' })
  sendAt?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2048)
  callbackUrl?: string;
}
