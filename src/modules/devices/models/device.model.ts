import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('Sim')
export class SimModel {
  @Field(() => Int)
  slot: number;

  @Field(() => String, { nullable: true })
  phoneNumber?: string;

  @Field(() => String, { nullable: true })
  operator?: string;
}

@ObjectType('DeviceThrottle')
export class DeviceThrottleModel {
  @Field(() => Int, { nullable: true })
  partsPerMinute?: number;

  @Field(() => Int, { nullable: true })
  partsPerHour?: number;

  @Field(() => Int, { nullable: true })
  partsPerDay?: number;

  @Field(() => Int, { nullable: true })
  minIntervalMs?: number;
}

/** One SIM's own limits (REST has them as a map by slot; GraphQL has no maps, so a list). */
@ObjectType('SimThrottle')
export class SimThrottleModel extends DeviceThrottleModel {
  @Field(() => Int)
  slot: number;
}

@ObjectType('Device')
export class DeviceModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  status: string;

  @Field()
  online: boolean;

  @Field(() => String, { nullable: true })
  lastSeenAt: string | null;

  @Field(() => Int, { nullable: true })
  battery: number | null;

  @Field(() => Boolean, { nullable: true })
  charging: boolean | null;

  @Field(() => Int, { nullable: true })
  signal: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "Android exempts the agent from battery optimisation (else Doze may pause it); null when the phone can't tell",
  })
  batteryOptimizationExempt: boolean | null;

  @Field(() => Int)
  queueDepth: number;

  @Field(() => String, { nullable: true })
  appVersion: string | null;

  @Field(() => [SimModel])
  sims: SimModel[];

  @Field()
  simPolicy: string;

  @Field(() => DeviceThrottleModel)
  throttle: DeviceThrottleModel;

  /** Resolved by DevicesResolver.simThrottles from the resource's map. */
  @Field(() => [SimThrottleModel])
  simThrottles: SimThrottleModel[];

  @Field()
  paired: boolean;

  @Field()
  createdAt: string;
}

@ObjectType('Pairing')
export class PairingModel {
  @Field()
  code: string;

  @Field()
  expiresAt: string;

  /** The QR code as an SVG `data:` URL. */
  @Field()
  qrUrl: string;

  /** The same QR code as a PNG `data:` URL. */
  @Field()
  qrPngUrl: string;
}

@ObjectType('CreateDevicePayload')
export class CreateDevicePayloadModel {
  @Field(() => DeviceModel)
  device: DeviceModel;

  @Field(() => PairingModel)
  pairing: PairingModel;
}
