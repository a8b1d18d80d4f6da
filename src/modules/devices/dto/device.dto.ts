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
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

@InputType('CreateDeviceInput')
export class CreateDeviceDto {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @ApiProperty({ type: String, example: 'Shop phone' })
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
  @ApiProperty({ type: 'integer' })
  slot: number;

  @IsOptional()
  @IsString()
  @MaxLength(32)
  @ApiPropertyOptional({ type: String })
  phoneNumber?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  @ApiPropertyOptional({ type: String })
  operator?: string;
}

export class PairDeviceInfoDto {
  @IsOptional()
  @IsString()
  @MaxLength(32)
  @ApiPropertyOptional({ type: String })
  appVersion?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  @ApiPropertyOptional({ type: String })
  model?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  @ApiPropertyOptional({ type: String })
  manufacturer?: string;

  @IsOptional()
  @IsString()
  @MaxLength(32)
  @ApiPropertyOptional({ type: String })
  osVersion?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => SimInfoDto)
  @ApiPropertyOptional({ type: [SimInfoDto] })
  sims?: SimInfoDto[];
}

export class PairDto {
  @IsString()
  @Matches(/^[A-Za-z0-9-]{6,32}$/, { message: 'code must be the pairing code shown for the device' })
  @ApiProperty({ type: String, description: 'The pairing code shown for the device', example: '7K2M-9QXD-4HVR' })
  code: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => PairDeviceInfoDto)
  @ApiPropertyOptional({ type: PairDeviceInfoDto, description: 'What the phone says about itself' })
  device?: PairDeviceInfoDto;
}
