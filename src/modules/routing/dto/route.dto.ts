import { applyDecorators } from '@nestjs/common';
import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GraphQLJSONObject } from 'graphql-scalars';
import { isSupportedCountry } from 'libphonenumber-js/max';
import {
  ROUTE_STRATEGIES,
  TARGET_KINDS,
  type RouteMatch,
  type RoutePriority,
  type RouteStrategy,
  type TargetKind,
} from '../route-decision.js';

/** `+` and 1 to 15 digits: a prefix of E.164 numbers (`+49`, `+4915`). */
export const PREFIX = /^\+[0-9]{1,15}$/;
export const MAX_TARGETS = 20;
export const MAX_WEIGHT = 1000;
const MAX_PRICE = 1_000_000;
const MAX_PRICES = 1000;
const PRIORITIES: RoutePriority[] = ['normal', 'high'];

/** Optional, but not nullable: a field is either left out or given a value of its type. */
const Given = () => ValidateIf((_object: unknown, value: unknown) => value !== undefined);

function custom(name: string, message: string, validate: (value: unknown, object: object) => boolean, each = false) {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message, each },
      validator: { validate: (value: unknown, args) => validate(value, args?.object ?? {}) },
    });
  };
}

/** An ISO 3166-1 alpha-2 code that has a phone number plan (libphonenumber-js). */
const IsCountry = () =>
  custom(
    'isCountry',
    'each country must be an ISO 3166-1 alpha-2 code with a phone numbering plan, such as DE',
    (value) => typeof value === 'string' && /^[A-Z]{2}$/.test(value) && isSupportedCountry(value),
    true,
  );

/** `{"+49": 0.05, …}`: keys are E.164 prefixes, values prices ≥ 0. */
const IsPriceTable = () =>
  custom(
    'isPriceTable',
    `prices must map E.164 prefixes such as +49 to prices from 0 to ${MAX_PRICE} (at most ${MAX_PRICES})`,
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.keys(value).length <= MAX_PRICES &&
      Object.entries(value).every(
        ([prefix, price]) =>
          PREFIX.test(prefix) &&
          typeof price === 'number' &&
          Number.isFinite(price) &&
          price >= 0 &&
          price <= MAX_PRICE,
      ),
  );

/** A field that belongs to one kind of target only (`deviceIds` to a pool, …): required there, refused elsewhere. */
const OnlyFor = (kind: TargetKind, field: string) =>
  applyDecorators(
    ValidateIf((object: { kind?: unknown }, value: unknown) => object.kind === kind || value !== undefined),
    custom(
      `onlyFor_${kind}`,
      `${field} is only for a ${kind} target`,
      (_value, object) => (object as { kind?: unknown }).kind === kind,
    ),
  );

/** `match`: every criterion given must match the message; none given matches every message. */
@InputType('RouteMatchInput')
export class RouteMatchDto implements RouteMatch {
  @Field(() => [String], { nullable: true, description: 'E.164 prefixes such as +49 or +4915: any one matches' })
  @Given()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(PREFIX, { each: true, message: 'each prefix must be + and 1 to 15 digits, such as +49' })
  @ApiPropertyOptional({ type: [String], description: 'E.164 prefixes such as +49 or +4915: any one matches' })
  prefixes?: string[];

  @Field(() => [String], { nullable: true, description: "ISO 3166-1 alpha-2 codes of the recipient's number" })
  @Given()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(250)
  @ArrayUnique()
  @IsCountry()
  @ApiPropertyOptional({
    type: [String],
    description: "ISO 3166-1 alpha-2 codes (with a numbering plan) of the recipient's number",
  })
  countries?: string[];

  @Field(() => String, { nullable: true, description: 'normal | high' })
  @Given()
  @IsIn(PRIORITIES, { message: 'priority must be normal or high' })
  @ApiPropertyOptional({ type: String })
  priority?: RoutePriority;
}

/** One target: `devices` (all the account's phones), `pool` (deviceIds), `device` (deviceId), `carrier` (carrierId). */
@InputType('RouteTargetInput')
export class RouteTargetDto {
  @Field(() => String, { description: 'devices | pool | device | carrier' })
  @IsIn(TARGET_KINDS, { message: `kind must be one of ${TARGET_KINDS.join(', ')}` })
  @ApiProperty({
    type: String,
    description: 'devices: all phones; pool: deviceIds; device: deviceId; carrier: carrierId',
  })
  kind: TargetKind;

  @Field(() => [ID], { nullable: true })
  @OnlyFor('pool', 'deviceIds')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'each of deviceIds must be a device id (UUID)' })
  @ApiPropertyOptional({ type: [String], description: 'Required for (and only for) a pool' })
  deviceIds?: string[];

  @Field(() => ID, { nullable: true })
  @OnlyFor('device', 'deviceId')
  @IsUUID('all', { message: 'deviceId must be a device id (UUID)' })
  @ApiPropertyOptional({ type: String, description: 'Required for (and only for) a device' })
  deviceId?: string;

  @Field(() => ID, { nullable: true })
  @OnlyFor('carrier', 'carrierId')
  @IsUUID('all', { message: 'carrierId must be a carrier id (UUID)' })
  @ApiPropertyOptional({ type: String, description: 'Required for (and only for) a carrier' })
  carrierId?: string;

  @Field(() => Int, { nullable: true, description: `Weighted strategy: 1 to ${MAX_WEIGHT}, 1 when left out` })
  @Given()
  @IsInt({ message: `weight must be an integer from 1 to ${MAX_WEIGHT}` })
  @Min(1, { message: `weight must be an integer from 1 to ${MAX_WEIGHT}` })
  @Max(MAX_WEIGHT, { message: `weight must be an integer from 1 to ${MAX_WEIGHT}` })
  @ApiPropertyOptional({ type: 'integer', description: 'Weighted strategy (1 when left out)' })
  weight?: number;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Least-cost strategy: price per destination prefix ({"+49": 0.05}); the longest prefix wins',
  })
  @Given()
  @IsPriceTable()
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number', minimum: 0, maximum: 1000000 },
    description: 'Least-cost strategy: price per destination prefix such as +49; the longest prefix wins',
  })
  prices?: Record<string, number>;
}

const NameRules = () => applyDecorators(IsString(), MinLength(1), MaxLength(100));
const PositionRules = () =>
  applyDecorators(
    IsInt({ message: 'position must be an integer from 0 to 1000000' }),
    Min(0, { message: 'position must be an integer from 0 to 1000000' }),
    Max(1_000_000, { message: 'position must be an integer from 0 to 1000000' }),
  );
const MatchRules = () =>
  applyDecorators(
    IsObject(),
    ValidateNested(),
    Type(() => RouteMatchDto),
  );
const StrategyRules = () =>
  IsIn(ROUTE_STRATEGIES, { message: `strategy must be one of ${ROUTE_STRATEGIES.join(', ')}` });
const TargetsRules = () =>
  applyDecorators(
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(MAX_TARGETS),
    IsObject({ each: true }),
    ValidateNested({ each: true }),
    Type(() => RouteTargetDto),
  );

/** What a route is made of, as a command: REST and GraphQL both produce it. */
export interface RouteFields {
  name: string;
  position?: number;
  match?: RouteMatchDto;
  strategy: RouteStrategy;
  targets: RouteTargetDto[];
  isDefault?: boolean;
  enabled?: boolean;
}

/** `POST /v1/routes`. `position` defaults to after the last route; `match` to none (every message). */
export class CreateRouteDto implements RouteFields {
  @NameRules()
  @ApiProperty({ type: String, example: 'Germany via the pool' })
  name: string;

  @Given()
  @PositionRules()
  @ApiPropertyOptional({ type: 'integer', description: 'Evaluation order, lower first; default: after the last route' })
  position?: number;

  @Given()
  @MatchRules()
  @ApiPropertyOptional({ type: RouteMatchDto, description: 'Default: every message' })
  match?: RouteMatchDto;

  @StrategyRules()
  @ApiProperty({ type: String })
  strategy: RouteStrategy;

  @TargetsRules()
  @ApiProperty({ type: [RouteTargetDto] })
  targets: RouteTargetDto[];

  @Given()
  @IsBoolean()
  @ApiPropertyOptional({ type: Boolean, description: 'The route for messages no other route matches' })
  isDefault?: boolean;

  @Given()
  @IsBoolean()
  @ApiPropertyOptional({ type: Boolean })
  enabled?: boolean;
}

/** The fields REST's PATCH and GraphQL's upsert share: each given replaces the stored one whole. */
@InputType({ isAbstract: true })
class RouteChangesDto implements Partial<RouteFields> {
  @Field(() => String, { nullable: true })
  @Given()
  @NameRules()
  @ApiPropertyOptional({ type: String })
  name?: string;

  @Field(() => Int, { nullable: true, description: 'Evaluation order, lower first' })
  @Given()
  @PositionRules()
  @ApiPropertyOptional({ type: 'integer' })
  position?: number;

  @Field(() => RouteMatchDto, { nullable: true })
  @Given()
  @MatchRules()
  @ApiPropertyOptional({ type: RouteMatchDto })
  match?: RouteMatchDto;

  @Field(() => String, { nullable: true, description: 'failover | weighted | least-cost' })
  @Given()
  @StrategyRules()
  @ApiPropertyOptional({ type: String })
  strategy?: RouteStrategy;

  @Field(() => [RouteTargetDto], { nullable: true })
  @Given()
  @TargetsRules()
  @ApiPropertyOptional({ type: [RouteTargetDto] })
  targets?: RouteTargetDto[];

  @Field(() => Boolean, { nullable: true, description: 'The route for messages no other route matches' })
  @Given()
  @IsBoolean()
  @ApiPropertyOptional({ type: Boolean })
  isDefault?: boolean;

  @Field(() => Boolean, { nullable: true })
  @Given()
  @IsBoolean()
  @ApiPropertyOptional({ type: Boolean })
  enabled?: boolean;
}

/** `PATCH /v1/routes/{id}`. */
export class UpdateRouteDto extends RouteChangesDto {}

/** `upsertRoute(input:)`: creates a route when `id` is left out (then name, strategy and targets are required). */
@InputType('UpsertRouteInput')
export class UpsertRouteInput extends RouteChangesDto {
  @Field(() => ID, { nullable: true })
  @Given()
  @IsString()
  id?: string;
}

@InputType('DeleteRouteInput')
export class DeleteRouteInput {
  @Field(() => ID)
  @IsString()
  id: string;
}
