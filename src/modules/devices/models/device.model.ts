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

  @Field()
  qrUrl: string;
}

@ObjectType('CreateDevicePayload')
export class CreateDevicePayloadModel {
  @Field(() => DeviceModel)
  device: DeviceModel;

  @Field(() => PairingModel)
  pairing: PairingModel;
}
