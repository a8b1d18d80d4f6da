import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

@InputType('CreateDeviceInput')
export class CreateDeviceDto {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;
}

@InputType()
export class RevokeDeviceInput {
  @Field(() => ID)
  @IsString()
  id: string;
}

/** GraphQL `createPairingCode(input:)`: `POST /v1/devices/{id}/pairing` has no body, only the id. */
@InputType('CreatePairingCodeInput')
export class CreatePairingCodeInput {
  @Field(() => ID)
  @IsString()
  id: string;
}

export class SimInfoDto {
  @IsInt()
  @Min(0)
  @Max(7)
  slot: number;

  @IsOptional()
  @IsString()
  @MaxLength(32)
  phoneNumber?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  operator?: string;
}

export class PairDeviceInfoDto {
  @IsOptional()
  @IsString()
  @MaxLength(32)
  appVersion?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  model?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  manufacturer?: string;

  @IsOptional()
  @IsString()
  @MaxLength(32)
  osVersion?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => SimInfoDto)
  sims?: SimInfoDto[];
}

export class PairDto {
  @IsString()
  @Matches(/^[A-Za-z0-9-]{6,32}$/, { message: 'code must be the pairing code shown for the device' })
  code: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => PairDeviceInfoDto)
  device?: PairDeviceInfoDto;
}
