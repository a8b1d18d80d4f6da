import { Field, ID, InputType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { MAX_TEMPLATE_BODY } from '../template-text.js';

const NAME = /^[^\p{Cc}]{1,100}$/u;
const NAME_RULE = { message: 'name must be 1 to 100 characters without control characters' };

/** `POST /v1/templates` and GraphQL `createTemplate`. */
@InputType('CreateTemplateInput')
export class CreateTemplateDto {
  @Field()
  @IsString()
  @Matches(NAME, NAME_RULE)
  @ApiProperty({ type: String, maxLength: 100, example: 'Appointment reminder' })
  name: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TEMPLATE_BODY)
  @ApiProperty({
    type: String,
    description: 'Text with {{variables}}: nothing else of Mustache (no sections), and nothing is HTML-escaped',
    example: 'Hi {{name}}, see you on {{date}} at {{time}}. Reply STOP to opt out.',
  })
  body: string;

  @Field(() => GraphQLJSONObject, { nullable: true })
  @IsOptional()
  @IsObject()
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Values for variables a send leaves out',
    example: { name: 'there' },
  })
  defaults?: Record<string, string>;
}

/** `PATCH /v1/templates/{id}`: each field given replaces the stored one. */
@InputType({ isAbstract: true })
export class UpdateTemplateDto {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(NAME, NAME_RULE)
  @ApiPropertyOptional({ type: String, maxLength: 100 })
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TEMPLATE_BODY)
  @ApiPropertyOptional({ type: String })
  body?: string;

  @Field(() => GraphQLJSONObject, { nullable: true })
  @IsOptional()
  @IsObject()
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  defaults?: Record<string, string>;
}

/** GraphQL `updateTemplate`: the PATCH body with the template's id. */
@InputType('UpdateTemplateInput')
export class UpdateTemplateInput extends UpdateTemplateDto {
  @Field(() => ID)
  @IsUUID()
  id: string;
}

/** `POST /v1/templates/{id}/preview` and GraphQL `templatePreview`. */
@InputType('TemplatePreviewInput')
export class PreviewTemplateDto {
  @Field(() => GraphQLJSONObject, { nullable: true })
  @IsOptional()
  @IsObject()
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'A value for each variable (defaults fill the rest)',
    example: { name: 'Ada', date: '12 May', time: '10:30' },
  })
  variables?: Record<string, string>;
}

@InputType('DeleteTemplateInput')
export class DeleteTemplateInput {
  @Field(() => ID)
  @IsUUID()
  id: string;
}
