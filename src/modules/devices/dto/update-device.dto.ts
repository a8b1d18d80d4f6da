import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import type { DeviceThrottle, SimPolicy } from '../entities/device.entity.js';

const SIM_POLICIES: SimPolicy[] = ['first', 'round-robin'];

/** The upper bounds of each limit: far above any phone's real capacity, low enough to stay exact. */
export const THROTTLE_MAXIMA = {
  partsPerMinute: 10_000,
  partsPerHour: 100_000,
  partsPerDay: 1_000_000,
  minIntervalMs: 3_600_000,
} as const;

/** Optional, but not nullable: a PATCH field is either left out or given a value of its type. */
const Given = () => ValidateIf((_object: unknown, value: unknown) => value !== undefined);

/** A phone's or one SIM's limits, counted in message parts; a part count of 0 means no limit. */
@InputType('DeviceThrottleInput')
export class DeviceThrottleDto implements DeviceThrottle {
  @Field(() => Int, { nullable: true })
  @Given()
  @IsInt()
  @Min(0)
  @Max(THROTTLE_MAXIMA.partsPerMinute)
  @ApiPropertyOptional({ type: 'integer' })
  partsPerMinute?: number;

  @Field(() => Int, { nullable: true })
  @Given()
  @IsInt()
  @Min(0)
  @Max(THROTTLE_MAXIMA.partsPerHour)
  @ApiPropertyOptional({ type: 'integer' })
  partsPerHour?: number;

  @Field(() => Int, { nullable: true })
  @Given()
  @IsInt()
  @Min(0)
  @Max(THROTTLE_MAXIMA.partsPerDay)
  @ApiPropertyOptional({ type: 'integer' })
  partsPerDay?: number;

  @Field(() => Int, { nullable: true })
  @Given()
  @IsInt()
  @Min(0)
  @Max(THROTTLE_MAXIMA.minIntervalMs)
  @ApiPropertyOptional({ type: 'integer' })
  minIntervalMs?: number;
}

export type SimSlotKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7';

/** The command `DevicesService.update` takes, from REST and GraphQL alike. */
export interface DeviceUpdate {
  name?: string;
  enabled?: boolean;
  simPolicy?: SimPolicy;
  throttle?: DeviceThrottle;
  simThrottles?: Partial<Record<SimSlotKey, DeviceThrottle>>;
}

/**
 * SIM limits by slot. One declared property per slot (0–7), so the pipe's whitelist refuses any
 * other key (`simThrottles.8 is not an allowed field`) just as it refuses unknown fields.
 */
export class SimThrottlesDto implements Partial<Record<SimSlotKey, DeviceThrottleDto>> {
  @Given() @IsObject() @ValidateNested() @Type(() => DeviceThrottleDto) '0'?: DeviceThrottleDto;
  @Given() @IsObject() @ValidateNested() @Type(() => DeviceThrottleDto) '1'?: DeviceThrottleDto;
  @Given() @IsObject() @ValidateNested() @Type(() => DeviceThrottleDto) '2'?: DeviceThrottleDto;
  @Given() @IsObject() @ValidateNested() @Type(() => DeviceThrottleDto) '3'?: DeviceThrottleDto;
  @Given() @IsObject() @ValidateNested() @Type(() => DeviceThrottleDto) '4'?: DeviceThrottleDto;
  @Given() @IsObject() @ValidateNested() @Type(() => DeviceThrottleDto) '5'?: DeviceThrottleDto;
  @Given() @IsObject() @ValidateNested() @Type(() => DeviceThrottleDto) '6'?: DeviceThrottleDto;
  @Given() @IsObject() @ValidateNested() @Type(() => DeviceThrottleDto) '7'?: DeviceThrottleDto;
}

/** The fields REST and GraphQL share; `simThrottles` differs (GraphQL has no maps). */
@InputType({ isAbstract: true })
class DeviceChangesDto {
  @Field(() => String, { nullable: true })
  @Given()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @ApiPropertyOptional({ type: String })
  name?: string;

  @Field(() => Boolean, { nullable: true })
  @Given()
  @IsBoolean()
  @ApiPropertyOptional({ type: Boolean, description: 'A disabled phone gets no messages and shows as disabled' })
  enabled?: boolean;

  @Field(() => String, { nullable: true })
  @Given()
  @IsIn(SIM_POLICIES, { message: `simPolicy must be one of ${SIM_POLICIES.join(', ')}` })
  @ApiPropertyOptional({ type: String, description: 'How a SIM is picked when the message names none' })
  simPolicy?: SimPolicy;

  /** Replaces the stored throttle whole: a limit left out is no longer set. */
  @Field(() => DeviceThrottleDto, { nullable: true })
  @Given()
  @IsObject()
  @ValidateNested()
  @Type(() => DeviceThrottleDto)
  @ApiPropertyOptional({ type: DeviceThrottleDto, description: 'Replaces the stored throttle whole' })
  throttle?: DeviceThrottleDto;
}

/** `PATCH /v1/devices/{id}`. */
export class UpdateDeviceDto extends DeviceChangesDto implements DeviceUpdate {
  /** Replaces the stored SIM limits whole: a slot left out has no limits of its own. */
  @Given()
  @IsObject()
  @ValidateNested()
  @Type(() => SimThrottlesDto)
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(DeviceThrottleDto) },
    description: 'Limits of single SIMs by slot; replaces the stored ones whole',
  })
  simThrottles?: SimThrottlesDto;
}

@InputType('SimThrottleInput')
export class SimThrottleInput extends DeviceThrottleDto {
  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(7)
  slot: number;
}

/** `updateDevice(input: UpdateDeviceInput!)`: the REST body plus the id, SIM limits as a list. */
@InputType('UpdateDeviceInput')
export class UpdateDeviceInput extends DeviceChangesDto {
  @Field(() => ID)
  @IsString()
  id: string;

  @Field(() => [SimThrottleInput], { nullable: true })
  @Given()
  @IsArray()
  @ArrayMaxSize(8)
  @ArrayUnique((sim: SimThrottleInput) => sim.slot, { message: 'simThrottles must name each slot once' })
  @ValidateNested({ each: true })
  @Type(() => SimThrottleInput)
  simThrottles?: SimThrottleInput[];
}
