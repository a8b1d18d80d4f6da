import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';

export class DeadLetterQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  @ApiPropertyOptional({ type: 'integer', default: 100 })
  limit?: number;
}

/** GraphQL `deadLetters(first:)`: the same bound as REST's `limit`; REST returns the list whole, so no cursor. */
@ArgsType()
export class DeadLettersArgs {
  @Field(() => Int, { nullable: true, description: 'How many, newest first: 1 to 500 (default 100)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  first?: number | null;
}

/** GraphQL `retryMessage(input:)`: `POST /v1/messages/{id}/retry` has no body, only the id. */
@InputType('RetryMessageInput')
export class RetryMessageInput {
  @Field(() => ID)
  @IsString()
  id: string;
}
