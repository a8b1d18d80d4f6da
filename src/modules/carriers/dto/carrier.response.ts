import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ListOf } from '@/common/openapi/list.response.js';
import type { HttpConfig, SmppConfig } from '../carrier-config.js';
import type { CarrierCounters, CarrierLiveState } from '../carrier-state.js';
import type { CarrierResource } from '../carrier.resource.js';
import type { ReceiptResult } from '../carrier-receipts.js';
import { CARRIER_KINDS, type CarrierKind } from '../entities/carrier.entity.js';
import { enumValues } from '@/common/openapi/enum-values.js';

const LIVE_STATES = enumValues<CarrierLiveState>()(['bound', 'connecting', 'reconnecting', 'down', 'disabled']);

/** The stored SMPP settings: everything but the password. */
@ApiSchema({ name: 'SmppSettings' })
export class SmppSettingsResponse implements SmppConfig {
  @ApiProperty({ type: String })
  host: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 65535 })
  port: number;

  @ApiProperty({ type: String })
  systemId: string;

  @ApiProperty({ type: String })
  systemType: string;

  @ApiProperty({ enum: ['transceiver', 'transmitter'] })
  bindMode: 'transceiver' | 'transmitter';

  @ApiProperty({ type: 'integer', description: 'Submits per second' })
  tps: number;

  @ApiProperty({ type: 'integer', description: 'submit_sm unanswered at once' })
  windowSize: number;

  @ApiProperty({ type: 'integer' })
  enquireLinkSeconds: number;

  @ApiProperty({ type: String, nullable: true })
  sourceAddr: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  sourceTon: number | null;

  @ApiProperty({ type: 'integer', nullable: true })
  sourceNpi: number | null;

  @ApiProperty({ type: 'integer' })
  destTon: number;

  @ApiProperty({ type: 'integer' })
  destNpi: number;

  @ApiProperty({ enum: ['udh', 'sar'] })
  concatenation: 'udh' | 'sar';

  @ApiProperty({ type: Boolean })
  registeredDelivery: boolean;

  @ApiProperty({ type: Boolean, description: 'A password is stored (it is never shown)' })
  passwordSet: boolean;
}

/** The stored HTTP settings: everything but the secret. */
@ApiSchema({ name: 'HttpCarrierSettings' })
export class HttpSettingsResponse implements HttpConfig {
  @ApiProperty({ type: String, description: 'With the placeholders {to} {from} {body} {messageId}' })
  url: string;

  @ApiProperty({ enum: ['GET', 'POST'] })
  method: 'GET' | 'POST';

  @ApiProperty({ type: String, nullable: true })
  bodyTemplate: string | null;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  headers: Record<string, string>;

  @ApiProperty({ enum: ['none', 'basic', 'bearer'] })
  auth: 'none' | 'basic' | 'bearer';

  @ApiProperty({ type: String, nullable: true })
  username: string | null;

  @ApiProperty({ type: 'array', items: { type: 'integer' }, nullable: true, description: 'null: any 2xx' })
  successStatus: number[] | null;

  @ApiProperty({ type: String, nullable: true })
  messageIdPath: string | null;

  @ApiProperty({ type: 'integer' })
  timeoutMs: number;

  @ApiProperty({ type: Boolean, description: 'A secret is stored (it is never shown)' })
  secretSet: boolean;

  @ApiProperty({ type: String, description: "Where the carrier posts delivery reports, with this carrier's token" })
  dlrUrl: string;
}

@ApiSchema({ name: 'CarrierCounters' })
export class CarrierCountersResponse implements CarrierCounters {
  @ApiProperty({ type: 'integer', description: 'Parts the carrier accepted' })
  submitted: number;

  @ApiProperty({ type: 'integer', description: 'Parts it refused' })
  rejected: number;

  @ApiProperty({ type: 'integer', description: 'Throttling answers (SMPP)' })
  throttled: number;

  @ApiProperty({ type: 'integer' })
  receipts: number;

  @ApiProperty({ type: 'integer' })
  inbound: number;

  @ApiProperty({ type: 'integer' })
  reconnects: number;
}

/** A carrier connection with the live state of its link. */
@ApiSchema({ name: 'Carrier' })
export class CarrierResponse implements CarrierResource {
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;

  @ApiProperty({ type: String })
  name: string;

  @ApiProperty({ enum: CARRIER_KINDS })
  kind: CarrierKind;

  @ApiProperty({ type: Boolean })
  enabled: boolean;

  @ApiProperty({ type: SmppSettingsResponse, nullable: true, description: 'kind smpp' })
  smpp: SmppSettingsResponse | null;

  @ApiProperty({ type: HttpSettingsResponse, nullable: true, description: 'kind http' })
  http: HttpSettingsResponse | null;

  @ApiProperty({ enum: LIVE_STATES })
  state: CarrierLiveState;

  @ApiProperty({ type: String, nullable: true })
  stateDetail: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  stateSince: string | null;

  @ApiProperty({ type: CarrierCountersResponse })
  counters: CarrierCounters;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: string;
}

export const CarrierListResponse = ListOf(CarrierResponse, 'CarrierList', true);

@ApiSchema({ name: 'DlrResult' })
export class DlrResultResponse {
  @ApiProperty({
    enum: enumValues<ReceiptResult | 'ignored'>()(['reported', 'waiting', 'unknown', 'ignored']),
    description: 'What became of the report: ignored when its status says nothing final',
  })
  result: ReceiptResult | 'ignored';
}
