import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { GraphQLJSONObject } from 'graphql-scalars';
import { PageInfoModel } from '@/common/page-info.model.js';
import { ListOf } from '@/common/openapi/list.response.js';
import type { CampaignCounts, CampaignResource } from '../campaign.resource.js';
import type { ImportReport } from '../campaigns.service.js';
import type { ImportErrorRow } from '../recipients-import.js';

const count = (description: string) => [
  Field(() => Int, { description }),
  ApiProperty({ type: 'integer', description }),
];

function Count(description: string): PropertyDecorator {
  return (target, key) => {
    for (const d of count(description)) d(target, key);
  };
}

@ObjectType('CampaignCounts')
export class CampaignCountsModel implements CampaignCounts {
  @Count('Rows read from the import')
  total: number;

  @Count('Waiting for their turn (pace, quiet hours, start)')
  pending: number;

  @Count('Messages made, not yet handed to a phone or carrier')
  queued: number;

  @Count('Sent, no delivery report yet')
  sent: number;

  @Count('Delivered')
  delivered: number;

  @Count('Undelivered, rejected, failed or expired')
  failed: number;

  @Count('Stopped by the cancel')
  canceled: number;

  @Count('Skipped: on the opt-out list')
  suppressed: number;

  @Count('Skipped: invalid number or text')
  invalid: number;

  @Count('Skipped: number on an earlier line')
  duplicates: number;

  @Count('Replied STOP after this campaign')
  optedOut: number;

  @Field(() => Float, { nullable: true, description: 'delivered / messages that left; null before any left' })
  @ApiProperty({ type: Number, nullable: true, description: 'delivered / messages that left; null before any left' })
  deliveryRate: number | null;
}

@ObjectType('QuietHours')
export class QuietHoursModel {
  @Field()
  @ApiProperty({ type: String, example: '21:00' })
  start: string;

  @Field()
  @ApiProperty({ type: String, example: '08:00' })
  end: string;
}

/** A campaign, in GraphQL and in the OpenAPI document. */
@ObjectType('Campaign')
export class CampaignModel implements CampaignResource {
  @Field(() => ID)
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;

  @Field()
  @ApiProperty({ type: String })
  name: string;

  @Field({ description: 'draft, scheduled, running, paused, completed or canceled' })
  @ApiProperty({ type: String, enum: ['draft', 'scheduled', 'running', 'paused', 'completed', 'canceled'] })
  state: string;

  @Field(() => ID, { nullable: true })
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The template its text came from' })
  templateId: string | null;

  @Field({ description: 'The text with {{variables}}' })
  @ApiProperty({ type: String, description: 'The text with {{variables}}' })
  body: string;

  @Field(() => GraphQLJSONObject)
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  defaults: Record<string, string>;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  from: string | null;

  @Field(() => ID, { nullable: true })
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  deviceId: string | null;

  @Field(() => Int, { nullable: true })
  @ApiProperty({ type: 'integer', nullable: true })
  simSlot: number | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startAt: string | null;

  @Field(() => QuietHoursModel, { nullable: true })
  @ApiProperty({ type: QuietHoursModel, nullable: true })
  quietHours: QuietHoursModel | null;

  @Field(() => Int, { nullable: true, description: 'Messages per minute' })
  @ApiProperty({ type: 'integer', nullable: true, description: 'Messages per minute' })
  pace: number | null;

  @Field({ description: 'user:<id> or client:<id>' })
  @ApiProperty({ type: String, description: 'user:<id> or client:<id>' })
  createdBy: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  launchedAt: string | null;

  @Field(() => String, { nullable: true, description: 'Completed or canceled at' })
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;

  @Field()
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @Field()
  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: string;

  @Field(() => CampaignCountsModel)
  @ApiProperty({ type: CampaignCountsModel })
  counts: CampaignCountsModel;
}

@ObjectType('CampaignImportError')
export class ImportErrorModel implements ImportErrorRow {
  @Field(() => Int, { description: 'The line of the file (the header is line 1)' })
  @ApiProperty({ type: 'integer', description: 'The line of the file (the header is line 1)' })
  line: number;

  @Field({ description: 'The phone cell as given' })
  @ApiProperty({ type: String })
  value: string;

  @Field(() => String, { description: 'INVALID_PHONE_NUMBER, DUPLICATE, TEMPLATE_VARIABLE_MISSING, BODY_TOO_LONG, …' })
  @ApiProperty({ type: String, example: 'INVALID_PHONE_NUMBER' })
  code: ImportErrorRow['code'];

  @Field()
  @ApiProperty({ type: String })
  message: string;
}

@ObjectType('CampaignImportReport')
export class ImportReportModel implements ImportReport {
  @Count('Data rows read')
  rows: number;

  @Count('Recipients that will get a message')
  recipients: number;

  @Count('On the opt-out list')
  suppressed: number;

  @Count('Refused rows: invalid number or text')
  invalid: number;

  @Count('Refused rows: number on an earlier line')
  duplicates: number;

  @Field(() => [ImportErrorModel], { description: 'The first 100 refused rows (all: GET …/recipients/errors)' })
  @ApiProperty({ type: [ImportErrorModel], description: 'The first 100 refused rows (all: GET …/recipients/errors)' })
  refusedRows: ImportErrorModel[];
}

@ObjectType('CampaignEdge')
export class CampaignEdgeModel {
  @Field()
  cursor: string;

  @Field(() => CampaignModel)
  node: CampaignModel;
}

@ObjectType('CampaignConnection')
export class CampaignConnectionModel {
  @Field(() => [CampaignEdgeModel])
  edges: CampaignEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;
}

export const CampaignListResponse = ListOf(CampaignModel, 'CampaignList');
