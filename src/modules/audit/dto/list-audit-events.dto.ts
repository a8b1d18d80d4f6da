import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { isSerialId } from '@/common/ids.js';
import { IsCursor, MAX_LIMIT, QueryInt } from '@/common/pagination.js';
import { IsTimestamp } from '@/common/timestamps.js';

/** The list query as the service takes it, from REST or GraphQL (absent and null mean no filter). */
export interface AuditEventListQuery {
  action?: string | null;
  targetId?: string | null;
  actorId?: string | null;
  since?: string | null;
  until?: string | null;
  cursor?: string | null;
  limit?: number | null;
}

const limitMessage = `limit must be an integer from 1 to ${MAX_LIMIT}`;

/** `GET /v1/audit-events` query parameters; any other parameter is VALIDATION_FAILED (global pipe). */
export class ListAuditEventsQueryDto implements AuditEventListQuery {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @ApiPropertyOptional({ type: String, description: 'Only this action', example: 'device.revoked' })
  action?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @ApiPropertyOptional({ type: String, description: 'Only events about this object' })
  targetId?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @ApiPropertyOptional({
    type: String,
    description: "Only events by this actor: a user's, client's or device's id (an event's actor.id)",
  })
  actorId?: string;

  @IsOptional()
  @IsTimestamp()
  @ApiPropertyOptional({ type: String, description: 'At or after: a date (2026-05-01) or a date-time with its offset' })
  since?: string;

  @IsOptional()
  @IsTimestamp()
  @ApiPropertyOptional({ type: String, description: 'Before: a date (2026-05-01) or a date-time with its offset' })
  until?: string;

  @IsOptional()
  @IsCursor(undefined, isSerialId)
  @ApiPropertyOptional({ type: String, description: 'The nextCursor of the previous page' })
  cursor?: string;

  @IsOptional()
  @QueryInt()
  @IsInt({ message: limitMessage })
  @Min(1, { message: limitMessage })
  @Max(MAX_LIMIT, { message: limitMessage })
  @ApiPropertyOptional({ type: 'integer', default: 50 })
  limit?: number;
}

/** GraphQL `auditEvents(...)` arguments: a Relay connection's `first`/`after` and the filters. */
@ArgsType()
export class AuditEventsArgs {
  @Field(() => Int, { nullable: true, description: `Page size, 1 to ${MAX_LIMIT} (default 50)` })
  @IsOptional()
  @IsInt()
  @Min(1, { message: `first must be an integer from 1 to ${MAX_LIMIT}` })
  @Max(MAX_LIMIT, { message: `first must be an integer from 1 to ${MAX_LIMIT}` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page' })
  @IsOptional()
  @IsCursor(undefined, isSerialId)
  after?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this action, such as device.revoked' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  action?: string | null;

  @Field(() => String, { nullable: true, description: 'Only events about this object (a device or message id)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  targetId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Only events by this actor: a user's, client's or device's id (an event's actor.id)",
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  actorId?: string | null;

  @Field(() => String, { nullable: true, description: 'At or after (ISO 8601 date, or date-time with its offset)' })
  @IsOptional()
  @IsTimestamp()
  since?: string | null;

  @Field(() => String, { nullable: true, description: 'Before (ISO 8601 date, or date-time with its offset)' })
  @IsOptional()
  @IsTimestamp()
  until?: string | null;
}
