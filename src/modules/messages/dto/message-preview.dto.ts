import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import type { BodyMeasure } from '../message-validation.js';

/** `POST /v1/messages/preview` and GraphQL `messagePreview(body:)`: a body measured, nothing sent. */
@ArgsType()
export class MessagePreviewDto {
  @Field({ description: 'The text to measure; up to 4,096 characters (a sendable body is at most 10 segments)' })
  @IsString()
  @MaxLength(4096)
  @ApiProperty({ type: String, maxLength: 4096, example: 'Your code is 123456' })
  body: string;
}

@ObjectType('MessagePreview')
export class MessagePreviewModel implements BodyMeasure {
  @Field({ description: '`GSM-7` or `UCS-2`, as the send path chooses it' })
  @ApiProperty({ type: String, enum: ['GSM-7', 'UCS-2'] })
  encoding: 'GSM-7' | 'UCS-2';

  @Field(() => Int)
  @ApiProperty({ type: 'integer', description: 'SMS segments this body needs' })
  segments: number;

  @Field(() => Int, { description: 'GSM-7 septets (extension characters count 2) or UCS-2 characters' })
  @ApiProperty({ type: 'integer' })
  characters: number;

  @Field(() => Int)
  @ApiProperty({ type: 'integer', description: '160 / 153 (GSM-7) or 70 / 67 (UCS-2) per segment' })
  charactersPerSegment: number;

  @Field(() => Int)
  @ApiProperty({ type: 'integer', description: 'How many more fit before another segment starts' })
  remainingInSegment: number;

  @Field(() => Int, { description: 'A send with more segments is refused with BODY_TOO_LONG' })
  @ApiProperty({ type: 'integer' })
  maxSegments: number;
}
