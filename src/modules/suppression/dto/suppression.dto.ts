import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageArgs, PageQuery, type PageParams } from '@/common/page-params.js';
import { SUPPRESSION_REASONS, type SuppressionReason } from '../entities/suppression.entity.js';

/** Reasons a caller may give: the others belong to keywords, imports and carriers. */
export const MANUAL_REASONS = ['manual'] as const;

const reasonRule = { message: `reason must be one of ${SUPPRESSION_REASONS.join(', ')}` };

/**
 * An unencoded `+` in a query string decodes to a space, so `?phoneNumber=+4915…` arrives as
 * ` 4915…`. A space followed by digits can only be that, so it is read as the `+` that was meant.
 */
const PhoneInQuery = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/^ (?=\d)/, '+') : value));

/** The list query as the service takes it, from REST or GraphQL (absent and null mean no filter). */
export interface SuppressionListQuery extends PageParams {
  phoneNumber?: string | null;
  reason?: string | null;
}

/** The filters of `GET /v1/suppressions`. */
class SuppressionFilters {
  @IsOptional()
  @PhoneInQuery()
  @IsString()
  @MaxLength(64)
  @ApiPropertyOptional({ type: String, description: 'The number in E.164 (encode the + as %2B)' })
  phoneNumber?: string;

  @IsOptional()
  @IsIn(SUPPRESSION_REASONS, reasonRule)
  @ApiPropertyOptional({ type: String })
  reason?: SuppressionReason;
}

/** `GET /v1/suppressions?phoneNumber=&reason=&cursor=&limit=`. */
export class ListSuppressionsQueryDto extends PageQuery(SuppressionFilters) implements SuppressionListQuery {}

/** GraphQL `suppressions(...)`: a Relay connection's `first`/`after` and the REST filters. */
@ArgsType()
export class SuppressionsArgs extends PageArgs() {
  @Field(() => String, { nullable: true, description: 'The number in E.164' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  phoneNumber?: string | null;

  @Field(() => String, { nullable: true, description: SUPPRESSION_REASONS.join(' | ') })
  @IsOptional()
  @IsIn(SUPPRESSION_REASONS, reasonRule)
  reason?: string | null;
}

/** `POST /v1/suppressions` and `addSuppression(input: AddSuppressionInput!)`. */
@InputType('AddSuppressionInput')
export class AddSuppressionDto {
  @Field({ description: 'The number in E.164, e.g. +4915123456789' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @ApiProperty({ type: String, description: 'The number in E.164', example: '+4915123456789' })
  phoneNumber: string;

  @Field(() => String, { nullable: true, description: 'Only `manual` (the default)' })
  @IsOptional()
  @IsIn(MANUAL_REASONS, { message: `reason must be ${MANUAL_REASONS.join(', ')}` })
  @ApiPropertyOptional({ type: String, default: 'manual' })
  reason?: (typeof MANUAL_REASONS)[number] | null;
}

/** `removeSuppression(input: RemoveSuppressionInput!)`. */
@InputType('RemoveSuppressionInput')
export class RemoveSuppressionInput {
  @Field({ description: 'The number in E.164' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  phoneNumber: string;
}
