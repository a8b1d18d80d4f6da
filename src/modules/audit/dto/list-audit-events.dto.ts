import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { isSerialId } from '@/common/ids.js';
import {
  PageArgs,
  PageQuery,
  TimeWindowArgs,
  TimeWindowQuery,
  type PageParams,
  type TimeWindowParams,
} from '@/common/page-params.js';

/** The list query as the service takes it, from REST or GraphQL (absent and null mean no filter). */
export interface AuditEventListQuery extends PageParams, TimeWindowParams {
  action?: string | null;
  targetId?: string | null;
  actorId?: string | null;
}

/** Audit events are keyed by a serial id, not a UUID. */
const auditPage = { cursorId: isSerialId };

/** The filters of `GET /v1/audit-events`. */
class AuditEventFilters {
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
}

/** `GET /v1/audit-events` query parameters; any other parameter is VALIDATION_FAILED (global pipe). */
export class ListAuditEventsQueryDto
  extends PageQuery(TimeWindowQuery(AuditEventFilters, { since: 'At or after', until: 'Before' }), auditPage)
  implements AuditEventListQuery {}

/** The filters of GraphQL `auditEvents(...)`, before its time window. */
@ArgsType()
class AuditEventFilterArgs extends TimeWindowArgs({
  since: 'At or after (ISO 8601 date, or date-time with its offset)',
  until: 'Before (ISO 8601 date, or date-time with its offset)',
}) {
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
}

/** GraphQL `auditEvents(...)` arguments: a Relay connection's `first`/`after` and the filters. */
@ArgsType()
export class AuditEventsArgs extends PageArgs(AuditEventFilterArgs, auditPage) {}
