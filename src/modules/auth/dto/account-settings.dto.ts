import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsString,
  MaxLength,
  MinLength,
  registerDecorator,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { GraphQLJSONObject } from 'graphql-scalars';
import { getCountries } from 'libphonenumber-js/max';
import type { KeywordReplies } from '../entities/account.entity.js';

export const KEYWORD_REPLY_MAX_LENGTH = 320;

/** The countries libphonenumber knows a number plan of: the only ones a number can be placed in. */
const COUNTRIES: string[] = getCountries();

// C0 controls and DEL, except \n and \r, which SMS carries (the rule a message body follows).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F]/;

/** Text that can go out as an SMS body: not blank, no control characters, no lone surrogates. */
function IsSmsText(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isSmsText',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: ({ property }) =>
          `${property} must be SMS text: not blank, no control characters other than line breaks`,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.isWellFormed() && !CONTROL.test(value) && /\S/.test(value),
      },
    });
  };
}

/** A PATCH field that is either left out or given a value of its type. */
const Given = () => ValidateIf((_object: unknown, value: unknown) => value !== undefined);
/** A PATCH field where null means "back to the default". */
const GivenNotNull = () => ValidateIf((_object: unknown, value: unknown) => value !== undefined && value !== null);

const replyDescription = (keyword: string) =>
  `The answer to ${keyword}, 1 to ${KEYWORD_REPLY_MAX_LENGTH} characters; left out: unchanged; null: back to the default`;

/** Each text 1 to 320 characters (at most five SMS parts); null puts the default back. */
@InputType('KeywordRepliesInput')
export class KeywordRepliesDto implements Partial<Record<keyof KeywordReplies, string | null>> {
  @Field(() => String, { nullable: true, description: replyDescription('STOP') })
  @GivenNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(KEYWORD_REPLY_MAX_LENGTH)
  @IsSmsText()
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The answer to STOP; null: back to the default' })
  stop?: string | null;

  @Field(() => String, { nullable: true, description: replyDescription('START') })
  @GivenNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(KEYWORD_REPLY_MAX_LENGTH)
  @IsSmsText()
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The answer to START; null: back to the default' })
  start?: string | null;

  @Field(() => String, { nullable: true, description: replyDescription('HELP') })
  @GivenNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(KEYWORD_REPLY_MAX_LENGTH)
  @IsSmsText()
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The answer to HELP; null: back to the default' })
  help?: string | null;
}

/**
 * `PATCH /v1/account/settings`: each setting optional. `stickyRecipients` is not nullable;
 * `keywordReplies` changes the texts it names (null: back to the default), and null for the whole
 * object puts every default back; `timeZones` works the same way per country.
 */
@InputType('UpdateAccountSettingsInput')
export class UpdateAccountSettingsDto {
  // Nullable in the schema only so it can be left out: null is refused, as in REST.
  @Field(() => Boolean, { nullable: true, description: 'Left out: unchanged; null is refused (VALIDATION_FAILED)' })
  @Given()
  @IsBoolean()
  @ApiPropertyOptional({ type: Boolean })
  stickyRecipients?: boolean;

  @Field(() => KeywordRepliesDto, {
    nullable: true,
    description: 'Changes the texts it names; null puts every default back; left out: unchanged',
  })
  @GivenNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => KeywordRepliesDto)
  @ApiPropertyOptional({
    type: KeywordRepliesDto,
    nullable: true,
    description: 'Changes the texts it names; null puts every default back',
  })
  keywordReplies?: KeywordRepliesDto | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'ISO 3166 alpha-2 codes (such as ["DE","AT"]) the account may send to; others are DESTINATION_BLOCKED. An empty list or null: every country; left out: unchanged',
  })
  @GivenNotNull()
  @IsArray()
  @ArrayMaxSize(300)
  @ArrayUnique()
  @IsIn(COUNTRIES, { each: true, message: 'allowedCountries must hold ISO 3166 alpha-2 codes in capitals, such as DE' })
  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    example: ['DE', 'AT', 'CH'],
    description:
      'ISO 3166 alpha-2 codes the account may send to; others are DESTINATION_BLOCKED. [] or null: every country',
  })
  allowedCountries?: string[] | null;

  // Its entries (country with several zones → one of its zones) are checked by
  // AccountSettingsService, so each bad one is reported at its own field `timeZones.XX`.
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description:
      'For countries with several time zones, the zone whose clock campaign quiet hours follow ({"US":"America/Chicago"}); merged into the stored map, a country given null is removed; null: none; left out: unchanged',
  })
  @GivenNotNull()
  @IsObject({ message: 'timeZones must be an object of ISO 3166 alpha-2 codes to IANA time zones' })
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    nullable: true,
    example: { US: 'America/Chicago', BR: 'America/Sao_Paulo' },
    description:
      'Country (ISO 3166 alpha-2, one with several time zones) to one of its IANA zones, whose clock campaign quiet hours follow; merged into the stored map, null for a country removes it; null: none',
  })
  timeZones?: Record<string, string | null> | null;
}
