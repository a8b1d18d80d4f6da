import type { Type } from '@nestjs/common';
import { ArgsType, Field, Int } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DEFAULT_LIMIT, IsCursor, MAX_LIMIT, QueryInt, type CursorIdCheck } from './pagination.js';
import { IsTimestamp } from './timestamps.js';

/**
 * The parameters every list shares (issue 20), declared once: a page (`cursor`/`limit` in REST,
 * Relay's `first`/`after` in GraphQL) and, for lists in time, a window (`since`/`until`).
 *
 * They are mixins, not plain base classes, so that a list's parameters keep the order they have
 * always had in the OpenAPI document and the GraphQL schema. Both list inherited fields by class:
 * OpenAPI from the root class down (a REST DTO is `PageQuery(TimeWindowQuery(Filters))`: filters,
 * since/until, cursor/limit), GraphQL from the nearest parent up, the class's own fields last (an
 * args class is `PageArgs(Filters)` with `Filters extends TimeWindowArgs(...)`: first/after,
 * filters, since/until).
 */

/** What a list's service takes from either API (absent and null mean the default). */
export interface PageParams {
  cursor?: string | null;
  limit?: number | null;
}

export interface TimeWindowParams {
  since?: string | null;
  until?: string | null;
}

export interface PageOptions {
  /** Tells whether a cursor's `id` is a key of the list (UUIDs by default). */
  cursorId?: CursorIdCheck;
}

const rangeRule = (field: string) => ({ message: `${field} must be an integer from 1 to ${MAX_LIMIT}` });

const NoFilters = class {} as Type<object>;

/** REST `?cursor=&limit=` after the fields of `Base` (the list's filters). */
export function PageQuery<T extends object = object>(
  Base: Type<T> = NoFilters as Type<T>,
  { cursorId }: PageOptions = {},
): Type<T & { cursor?: string; limit?: number }> {
  const limitRule = rangeRule('limit');

  class PageQueryDto extends (Base as Type<object>) {
    @IsOptional()
    @IsCursor(undefined, cursorId)
    @ApiPropertyOptional({ type: String, description: 'The nextCursor of the previous page' })
    cursor?: string;

    @IsOptional()
    @QueryInt()
    @IsInt(limitRule)
    @Min(1, limitRule)
    @Max(MAX_LIMIT, limitRule)
    @ApiPropertyOptional({ type: 'integer', default: DEFAULT_LIMIT })
    limit?: number;
  }
  return PageQueryDto as Type<T & PageQueryDto>;
}

export interface TimeWindowQueryText {
  /** How the list reads `since`, e.g. `Created at or after`. */
  since: string;
  /** How the list reads `until`, e.g. `Created before`. */
  until: string;
  /** An example value for both. */
  example?: string;
}

/** REST `?since=&until=` after the fields of `Base`: a date or a date-time with its offset. */
export function TimeWindowQuery<T extends object>(
  Base: Type<T>,
  text: TimeWindowQueryText,
): Type<T & { since?: string; until?: string }> {
  const described = (reads: string) => ({
    type: String,
    description: `${reads}: a date (2026-05-01) or a date-time with its offset`,
    ...(text.example === undefined ? {} : { example: text.example }),
  });

  class TimeWindowQueryDto extends (Base as Type<object>) {
    @IsOptional()
    @IsTimestamp()
    @ApiPropertyOptional(described(text.since))
    since?: string;

    @IsOptional()
    @IsTimestamp()
    @ApiPropertyOptional(described(text.until))
    until?: string;
  }
  return TimeWindowQueryDto as Type<T & TimeWindowQueryDto>;
}

/** GraphQL `first`/`after` (a Relay connection's), listed before the arguments of `Base`. */
export function PageArgs<T extends object = object>(
  Base: Type<T> = NoFilters as Type<T>,
  { cursorId }: PageOptions = {},
): Type<T & { first?: number | null; after?: string | null }> {
  const firstRule = rangeRule('first');

  @ArgsType()
  class PageArgsType extends (Base as Type<object>) {
    @Field(() => Int, { nullable: true, description: `Page size, 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT})` })
    @IsOptional()
    @IsInt(firstRule)
    @Min(1, firstRule)
    @Max(MAX_LIMIT, firstRule)
    first?: number | null;

    @Field(() => String, { nullable: true, description: 'The endCursor of the previous page' })
    @IsOptional()
    @IsCursor(undefined, cursorId)
    after?: string | null;
  }
  return PageArgsType as Type<T & PageArgsType>;
}

export interface TimeWindowArgsText {
  /** The description of `since`, e.g. `Created at or after (ISO 8601)`. */
  since: string;
  /** The description of `until`, e.g. `Created before (ISO 8601)`. */
  until: string;
}

/**
 * GraphQL `since`/`until`: a class whose arguments come after those of the classes extending it,
 * so a list's filters extend it and keep the window last.
 */
export function TimeWindowArgs(text: TimeWindowArgsText): Type<{ since?: string | null; until?: string | null }> {
  @ArgsType()
  class TimeWindowArgsType {
    @Field(() => String, { nullable: true, description: text.since })
    @IsOptional()
    @IsTimestamp()
    since?: string | null;

    @Field(() => String, { nullable: true, description: text.until })
    @IsOptional()
    @IsTimestamp()
    until?: string | null;
  }
  return TimeWindowArgsType;
}
