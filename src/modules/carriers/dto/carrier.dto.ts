import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { HttpConfigDto, SmppConfigDto } from './carrier-config.dto.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GraphQLJSONObject } from 'graphql-scalars';
import { CARRIER_KINDS, type CarrierKind } from '../entities/carrier.entity.js';

/** Optional, but not nullable: a PATCH field is either left out or given a value of its type. */
const Given = () => ValidateIf((_object: unknown, value: unknown) => value !== undefined);
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * `POST /v1/carriers` and GraphQL `createCarrier(input:)`. `smpp` or `http` (as `kind` says) holds
 * the connection settings, validated by SmppConfigDto / HttpConfigDto (carrier-config.ts) with
 * field names such as `smpp.port` in VALIDATION_FAILED.
 */
@InputType('CreateCarrierInput')
export class CreateCarrierDto {
  @Field()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @ApiProperty({ type: String, example: 'Acme SMSC' })
  name: string;

  @Field(() => String, { description: 'smpp | http' })
  @IsIn(CARRIER_KINDS, { message: `kind must be one of ${CARRIER_KINDS.join(', ')}` })
  @ApiProperty({ type: String })
  kind: CarrierKind;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  @ApiPropertyOptional({ type: Boolean, default: true })
  enabled?: boolean | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'SMPP settings (kind smpp), password included' })
  @IsOptional()
  @IsObject()
  @ApiPropertyOptional({ type: SmppConfigDto, description: 'kind smpp' })
  smpp?: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'HTTP settings (kind http), secret included' })
  @IsOptional()
  @IsObject()
  @ApiPropertyOptional({ type: HttpConfigDto, description: 'kind http' })
  http?: Record<string, unknown> | null;
}

/**
 * `PATCH /v1/carriers/{id}`: `smpp` / `http` are merged into the stored settings (a field left out
 * keeps its value, the password or secret included), and the result is validated whole.
 */
export class UpdateCarrierDto {
  @Given()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @ApiPropertyOptional({ type: String })
  name?: string;

  @Given()
  @IsBoolean()
  @ApiPropertyOptional({ type: Boolean })
  enabled?: boolean;

  @Given()
  @IsObject()
  @ApiPropertyOptional({
    type: SmppConfigDto,
    description: 'Merged into the stored settings (a field left out keeps its value), then validated whole',
  })
  smpp?: Record<string, unknown>;

  @Given()
  @IsObject()
  @ApiPropertyOptional({ type: HttpConfigDto, description: 'Merged into the stored settings, then validated whole' })
  http?: Record<string, unknown>;
}

/** GraphQL `updateCarrier(input:)`: the carrier's id and the PATCH fields. */
@InputType('UpdateCarrierInput')
export class UpdateCarrierInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => String, { nullable: true })
  @Given()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @Field(() => Boolean, { nullable: true })
  @Given()
  @IsBoolean()
  enabled?: boolean;

  @Field(() => GraphQLJSONObject, { nullable: true })
  @Given()
  @IsObject()
  smpp?: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, { nullable: true })
  @Given()
  @IsObject()
  http?: Record<string, unknown>;
}

/** GraphQL `deleteCarrier(input:)`: any string, so a malformed id is NOT_FOUND as in REST. */
@InputType('DeleteCarrierInput')
export class DeleteCarrierInput {
  @Field(() => ID)
  @IsString()
  id: string;
}

/** `POST /v1/carriers/{id}/dlr`: an HTTP carrier's delivery report. */
export class CarrierDlrDto {
  /** The carrier's id of the message (what its send answer gave). */
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  @ApiProperty({ type: String, description: "The carrier's id of the message (what its send answer gave)" })
  messageId: string;

  /** DELIVRD, UNDELIV, REJECTD, EXPIRED, … or delivered, undelivered, expired, failed. */
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  @Matches(/^[A-Za-z_]+$/, { message: 'status must be a word such as DELIVRD or delivered' })
  @ApiProperty({
    type: String,
    description: 'DELIVRD, UNDELIV, REJECTD, EXPIRED, … or delivered, undelivered, expired, failed',
  })
  status: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9_.:-]*$/, { message: 'errorCode may hold letters, digits and _ . : -' })
  @ApiPropertyOptional({ type: String })
  errorCode?: string;
}
