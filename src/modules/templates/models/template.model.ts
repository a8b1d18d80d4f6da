import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ListOf } from '@/common/openapi/list.response.js';
import type { TemplatePreview, TemplateResource } from '../template.resource.js';

/** A template, in GraphQL and in the OpenAPI document. */
@ObjectType('Template')
export class TemplateModel implements TemplateResource {
  @Field(() => ID)
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;

  @Field()
  @ApiProperty({ type: String })
  name: string;

  @Field()
  @ApiProperty({ type: String, description: 'Text with {{variables}}' })
  body: string;

  @Field(() => [String], { description: 'The variables the body uses, in order of first use' })
  @ApiProperty({ type: [String], description: 'The variables the body uses, in order of first use' })
  variables: string[];

  @Field(() => GraphQLJSONObject)
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Values for variables a send leaves out',
  })
  defaults: Record<string, string>;

  @Field()
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @Field()
  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: string;
}

@ObjectType('TemplatePreview')
export class TemplatePreviewModel implements TemplatePreview {
  @Field({ description: 'The text a send with these values would carry' })
  @ApiProperty({ type: String, description: 'The text a send with these values would carry' })
  body: string;

  @Field(() => Int)
  @ApiProperty({ type: 'integer' })
  segments: number;

  @Field()
  @ApiProperty({ type: String, description: 'As a send counts it' })
  encoding: string;

  @Field(() => [String])
  @ApiProperty({ type: [String] })
  variables: string[];
}

export const TemplateListResponse = ListOf(TemplateModel, 'TemplateList', true);
