import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';

// One class per shape serves GraphQL (@Field) and the OpenAPI document (@ApiProperty).

@ObjectType('StatusCount')
export class StatusCountModel {
  @Field()
  @ApiProperty({ type: String, description: 'A message status (DESIGN.md §2)' })
  status: string;

  @Field(() => Int)
  @ApiProperty({ type: 'integer' })
  count: number;
}

@ObjectType('HourStatusCounts')
export class HourStatusCountsModel {
  @Field({ description: 'Start of the hour, ISO 8601' })
  @ApiProperty({ type: String, format: 'date-time' })
  hour: string;

  @Field(() => [StatusCountModel], { description: 'Messages created in this hour, by their status now' })
  @ApiProperty({ type: [StatusCountModel] })
  counts: StatusCountModel[];
}

@ObjectType('MinuteCount')
export class MinuteCountModel {
  @Field()
  @ApiProperty({ type: String, format: 'date-time' })
  minute: string;

  @Field(() => Int)
  @ApiProperty({ type: 'integer' })
  count: number;
}

@ObjectType('Throughput')
export class ThroughputModel {
  @Field(() => Int, { description: 'Messages sent in the last 60 minutes' })
  @ApiProperty({ type: 'integer' })
  total: number;

  @Field(() => [MinuteCountModel], { description: '60 minutes, oldest first (empty minutes count 0)' })
  @ApiProperty({ type: [MinuteCountModel] })
  perMinute: MinuteCountModel[];
}

@ObjectType('QueueState')
export class QueueStateModel {
  @Field(() => Int, { description: 'Messages queued for a phone or carrier now' })
  @ApiProperty({ type: 'integer' })
  waiting: number;

  @Field(() => Int, { description: 'Messages scheduled for later' })
  @ApiProperty({ type: 'integer' })
  scheduled: number;

  @Field(() => Int, { nullable: true, description: 'Seconds the oldest queued message has waited; null when none' })
  @ApiProperty({ type: 'integer', nullable: true })
  oldestAgeSeconds: number | null;
}

@ObjectType('PhoneHeadroom')
export class PhoneHeadroomModel {
  @Field()
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;

  @Field()
  @ApiProperty({ type: String })
  name: string;

  @Field()
  @ApiProperty({ type: Boolean })
  online: boolean;

  @Field(() => Int, { nullable: true, description: 'Its parts per minute; null when unthrottled' })
  @ApiProperty({ type: 'integer', nullable: true })
  limitPerMinute: number | null;

  @Field(() => Int, { description: 'Parts it sent in the last 60 seconds' })
  @ApiProperty({ type: 'integer' })
  sentLastMinute: number;

  @Field(() => Int, { nullable: true, description: 'Parts it may still send in this minute; null when unthrottled' })
  @ApiProperty({ type: 'integer', nullable: true })
  headroom: number | null;
}

@ObjectType('PhonesSummary')
export class PhonesSummaryModel {
  @Field(() => Int)
  @ApiProperty({ type: 'integer' })
  online: number;

  @Field(() => Int)
  @ApiProperty({ type: 'integer' })
  total: number;

  @Field(() => [PhoneHeadroomModel])
  @ApiProperty({ type: [PhoneHeadroomModel] })
  devices: PhoneHeadroomModel[];
}

@ObjectType('CarrierSummary')
export class CarrierSummaryModel {
  @Field()
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;

  @Field()
  @ApiProperty({ type: String })
  name: string;

  @Field()
  @ApiProperty({ type: String, enum: ['smpp', 'http'] })
  kind: string;

  @Field()
  @ApiProperty({ type: String, description: 'As the carrier resource says it' })
  state: string;

  @Field()
  @ApiProperty({ type: Boolean })
  enabled: boolean;
}

@ObjectType('Dashboard')
export class DashboardModel {
  @Field(() => [HourStatusCountsModel], { description: '24 hours, oldest first' })
  @ApiProperty({ type: [HourStatusCountsModel] })
  statusCounts24h: HourStatusCountsModel[];

  @Field(() => ThroughputModel)
  @ApiProperty({ type: ThroughputModel })
  throughputLastHour: ThroughputModel;

  @Field(() => QueueStateModel)
  @ApiProperty({ type: QueueStateModel })
  queue: QueueStateModel;

  @Field(() => Int, { description: 'Messages that ran out of attempts and wait for a re-drive' })
  @ApiProperty({ type: 'integer' })
  deadLetters: number;

  @Field(() => PhonesSummaryModel)
  @ApiProperty({ type: PhonesSummaryModel })
  phones: PhonesSummaryModel;

  @Field(() => [CarrierSummaryModel], { description: 'Carrier connections; empty unless the caller is an admin' })
  @ApiProperty({ type: [CarrierSummaryModel] })
  carriers: CarrierSummaryModel[];
}
