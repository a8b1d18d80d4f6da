import type { SimInfo } from '@sms-gateway/android-agent/protocol';
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { enumValues } from '@/common/openapi/enum-values.js';
import { ListOf } from '@/common/openapi/list.response.js';
import type { DeviceResource, PairingResource } from '../devices.service.js';
import type { DeviceThrottle, SimPolicy } from '../entities/device.entity.js';

const SIM_POLICIES = enumValues<SimPolicy>()(['first', 'round-robin']);

@ApiSchema({ name: 'Sim', description: 'A SIM the phone reported' })
export class SimResponse implements SimInfo {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 7 })
  slot: number;

  @ApiPropertyOptional({ type: String, description: 'When the phone knows it' })
  phoneNumber?: string;

  @ApiPropertyOptional({ type: String })
  operator?: string;
}

@ApiSchema({ name: 'DeviceThrottle', description: 'Limits in message parts; a limit left out (or 0) is no limit' })
export class DeviceThrottleResponse implements DeviceThrottle {
  @ApiPropertyOptional({ type: 'integer', minimum: 0 })
  partsPerMinute?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0 })
  partsPerHour?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0 })
  partsPerDay?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Milliseconds between two sends' })
  minIntervalMs?: number;
}

/** The device resource of the contract (DESIGN.md §3) with its live state. */
@ApiSchema({ name: 'Device' })
export class DeviceResponse implements DeviceResource {
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;

  @ApiProperty({ type: String })
  name: string;

  @ApiProperty({ enum: ['online', 'offline', 'disabled'] })
  status: 'online' | 'offline' | 'disabled';

  @ApiProperty({ type: Boolean, description: 'Connected now (and enabled)' })
  online: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastSeenAt: string | null;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100, nullable: true, description: 'Percent' })
  battery: number | null;

  @ApiProperty({ type: Boolean, nullable: true })
  charging: boolean | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Signal strength as the phone reports it' })
  signal: number | null;

  @ApiProperty({
    type: Boolean,
    nullable: true,
    description:
      "Android exempts the agent from battery optimisation (else Doze may pause it); null when the phone can't tell",
  })
  batteryOptimizationExempt: boolean | null;

  @ApiProperty({ type: 'integer', minimum: 0, description: "Messages in the phone's outbox" })
  queueDepth: number;

  @ApiProperty({ type: String, nullable: true, description: "The agent app's version" })
  appVersion: string | null;

  @ApiProperty({ type: [SimResponse] })
  sims: SimInfo[];

  @ApiProperty({ enum: SIM_POLICIES, description: 'How a SIM is picked when the message names none' })
  simPolicy: SimPolicy;

  @ApiProperty({ type: DeviceThrottleResponse, description: 'The whole phone' })
  throttle: DeviceThrottle;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/DeviceThrottle' },
    description: 'Limits of single SIMs, by slot ("0"–"7")',
  })
  simThrottles: Record<string, DeviceThrottle>;

  @ApiProperty({ type: Boolean, description: 'A phone redeemed a pairing code' })
  paired: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export const DeviceListResponse = ListOf(DeviceResponse, 'DeviceList', true);

@ApiSchema({ name: 'Pairing', description: 'A one-time code that pairs a phone with the device' })
export class PairingResponse implements PairingResource {
  @ApiProperty({ type: String, description: 'Type it into the agent app, or scan the QR code' })
  code: string;

  @ApiProperty({ type: String, format: 'date-time' })
  expiresAt: string;

  @ApiProperty({ type: String, description: 'The QR code as an SVG `data:` URL' })
  qrUrl: string;

  @ApiProperty({ type: String, description: 'The same QR code as a PNG `data:` URL' })
  qrPngUrl: string;
}

@ApiSchema({ name: 'CreatedDevice' })
export class CreatedDeviceResponse {
  @ApiProperty({ type: DeviceResponse })
  device: DeviceResponse;

  @ApiProperty({ type: PairingResponse })
  pairing: PairingResponse;
}

/** What the phone gets for its code (DESIGN.md §5). */
@ApiSchema({ name: 'PairResult' })
export class PairResultResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  deviceId: string;

  @ApiProperty({ type: String, description: "dev_…: the phone's socket token; shown once" })
  token: string;
}
