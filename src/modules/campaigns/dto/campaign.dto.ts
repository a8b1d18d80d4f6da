import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { PageArgs, PageQuery } from '@/common/page-params.js';
import { SenderIdField, SendingDeviceField, SimSlotField } from '@/modules/messages/dto/send-message.dto.js';
import { MAX_TEMPLATE_BODY } from '@/modules/templates/template-text.js';

const NAME = /^[^\p{Cc}]{1,100}$/u;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const CLOCK_RULE = { message: 'must be a time of day as HH:MM (24 hours), such as 21:00' };
/** Numbers a campaign may be created with in its JSON body (larger lists: the CSV upload). */
export const MAX_LISTED_RECIPIENTS = 10_000;
export const MAX_PACE = 60_000;

@InputType('QuietHoursInput')
export class QuietHoursDto {
  @Field({ description: 'From this local time (HH:MM)' })
  @IsString()
  @Matches(CLOCK, CLOCK_RULE)
  @ApiProperty({ type: String, example: '21:00' })
  start: string;

  @Field({ description: 'Until this local time (HH:MM); across midnight when earlier than start' })
  @IsString()
  @Matches(CLOCK, CLOCK_RULE)
  @ApiProperty({ type: String, example: '08:00' })
  end: string;
}

/** `POST /v1/campaigns` and GraphQL `createCampaign`: a draft. */
@InputType('CreateCampaignInput')
export class CreateCampaignDto {
  @Field()
  @IsString()
  @Matches(NAME, { message: 'name must be 1 to 100 characters without control characters' })
  @ApiProperty({ type: String, maxLength: 100, example: 'May reminders' })
  name: string;

  @Field(() => ID, { nullable: true, description: 'The template to send (its text and defaults are copied)' })
  @IsOptional()
  @IsUUID()
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    description: 'The template to send (its text and defaults are copied)',
  })
  templateId?: string;

  @Field(() => String, { nullable: true, description: 'The text with {{variables}}, instead of a template' })
  @ValidateIf((o: CreateCampaignDto) => o.templateId === undefined || o.body !== undefined)
  @IsString()
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(MAX_TEMPLATE_BODY)
  @ApiPropertyOptional({
    type: String,
    description: 'The text with {{variables}} (required without templateId; never both)',
    example: 'Hi {{name}}, your table is booked for {{date}}. Reply STOP to opt out.',
  })
  body?: string;

  @Field(() => GraphQLJSONObject, { nullable: true })
  @IsOptional()
  @IsObject()
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: "Values for variables a recipient's row leaves empty (over the template's)",
  })
  defaults?: Record<string, string>;

  @SenderIdField()
  from?: string;

  @SendingDeviceField({ format: 'uuid' })
  deviceId?: string;

  @SimSlotField()
  simSlot?: number;

  @Field(() => String, { nullable: true, description: 'Start then (ISO 8601 with a zone); absent: at launch' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/(Z|[+-]\d{2}:?\d{2})$/, { message: 'startAt must carry a time zone (Z or ±hh:mm)' })
  @ApiPropertyOptional({ type: String, description: 'Start then (ISO 8601 with a zone); absent: at launch' })
  startAt?: string;

  @Field(() => QuietHoursDto, {
    nullable: true,
    description: "No message while it is within these hours in the recipient's time zone",
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  @ApiPropertyOptional({
    type: QuietHoursDto,
    description:
      "No message while it is within these hours in the recipient's time zone (taken from the number's country)",
  })
  quietHours?: QuietHoursDto;

  @Field(() => Int, { nullable: true, description: 'Messages per minute; absent: as fast as the phones take them' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PACE)
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PACE, description: 'Messages per minute' })
  pace?: number;

  @Field(() => [String], {
    nullable: true,
    description: 'Recipients in E.164 (up to 10,000; larger lists: upload a CSV); a list given here is the import',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LISTED_RECIPIENTS)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_LISTED_RECIPIENTS,
    description: 'Recipients in E.164, instead of a CSV upload (the template may then use defaults only)',
    example: ['+4915123456789'],
  })
  recipients?: string[];
}

/** The upload's query: which column holds the number, and which column each variable is in. */
export class ImportRecipientsQueryDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @ApiPropertyOptional({
    type: String,
    description: 'The header of the phone column (any case); absent: phone, phoneNumber, to, mobile, number or msisdn',
  })
  phoneColumn?: string;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  @ApiPropertyOptional({
    type: String,
    description:
      'JSON object of variable name to column header, for variables whose column has another name: {"name":"First name"}',
  })
  columns?: string;
}

@InputType('CampaignIdInput')
export class CampaignIdInput {
  @Field(() => ID)
  @IsUUID()
  id: string;
}

/** `GET /v1/campaigns?cursor=&limit=`: newest first. */
export class ListCampaignsQueryDto extends PageQuery() {}

/** GraphQL `campaigns(first, after)`. */
@ArgsType()
export class CampaignsArgs extends PageArgs() {}
