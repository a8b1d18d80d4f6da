import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import type {
  HeartbeatPayload,
  HelloPayload,
  MessageStatusPayload,
  OutboxState,
  ReportedStatus,
  SmsReceivedPayload,
} from '@sms-gateway/android-agent/protocol';
import { TRACEPARENT } from '@sms-gateway/android-agent/protocol';
import { SimInfoDto } from './device.dto.js';

// Socket payloads are input like any other (STYLE.md): these mirror the protocol types and validate them.

/** A phone's clock may be off a little; a time before 2000 or more than a day ahead is not a time it saw. */
const EARLIEST = Date.parse('2000-01-01T00:00:00Z');
const AHEAD_MS = 86_400_000;

function PhoneTime(): PropertyDecorator {
  return ValidateBy({
    name: 'phoneTime',
    validator: {
      validate: (value: unknown) => {
        const t = typeof value === 'string' ? Date.parse(value) : NaN;
        return t >= EARLIEST && t <= Date.now() + AHEAD_MS;
      },
      defaultMessage: (args) => `${args?.property} must be a time after 2000 and at most a day ahead`,
    },
  });
}

/** A sender as a network shows it: a number, or an alphanumeric sender id; no control characters. */
const SENDER = /^[^\p{C}]{1,32}$/u;

class Traced {
  @IsOptional()
  @Matches(TRACEPARENT)
  traceparent?: string;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  tracestate?: string;
}

class OutboxEntryDto {
  @IsUUID()
  id: string;

  @IsIn(['accepted', 'sending', 'sent', 'delivered', 'undelivered', 'failed'])
  state: OutboxState;
}

export class HelloDto extends Traced implements HelloPayload {
  @IsString()
  @MaxLength(32)
  appVersion: string;

  @IsArray()
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => SimInfoDto)
  sims: SimInfoDto[];

  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => OutboxEntryDto)
  outbox: OutboxEntryDto[];
}

export class MessageStatusDto extends Traced implements MessageStatusPayload {
  @IsUUID()
  id: string;

  @IsIn(['sent', 'delivered', 'undelivered', 'failed'])
  status: ReportedStatus;

  @IsISO8601({ strict: true })
  @PhoneTime()
  at: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Z0-9_]{1,64}$/)
  errorCode?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  errorMessage?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(255)
  parts?: number;
}

export class SmsReceivedDto extends Traced implements SmsReceivedPayload {
  /** The phone's own id for this SMS, so a repeat whose first ack was lost is stored once. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_:.-]{1,200}$/)
  id?: string;

  @IsString()
  @Matches(SENDER, { message: 'from must be 1 to 32 characters without control characters' })
  from: string;

  @IsString()
  @MaxLength(10_000)
  body: string;

  @IsISO8601({ strict: true })
  @PhoneTime()
  receivedAt: string;

  @IsInt()
  @Min(0)
  @Max(7)
  simSlot: number;
}

export class HeartbeatDto extends Traced implements HeartbeatPayload {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  battery?: number;

  @IsOptional()
  @IsBoolean()
  charging?: boolean;

  @IsOptional()
  @IsInt()
  @Min(-150)
  @Max(100)
  signal?: number;

  @IsOptional()
  @IsBoolean()
  batteryOptimizationExempt?: boolean | null;

  @IsInt()
  @Min(0)
  @Max(1_000_000)
  queueDepth: number;
}
