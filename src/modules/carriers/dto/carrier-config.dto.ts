import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$|^[0-9a-fA-F:.]+$/;

/** SMPP's C-Octet strings, as carriers read them: printable ASCII, no control characters. */
const C_OCTETS = /^[\x20-\x7E]*$/;

/**
 * An SMPP 3.4 carrier. `password` is write-only (sealed into secret_encrypted); the rest is stored
 * as the carrier's config and shown back. Limits are the spec's field sizes where it has them.
 */
export class SmppConfigDto {
  @IsString()
  @MaxLength(253)
  @Matches(HOST, { message: 'host must be a host name or an IP address' })
  @ApiProperty({ type: String, example: 'smsc.example.net' })
  host: string;

  @IsInt()
  @Min(1)
  @Max(65535)
  @ApiProperty({ type: 'integer', example: 2775 })
  port: number;

  @IsString()
  @MinLength(1)
  @MaxLength(15, { message: 'systemId is at most 15 characters (SMPP 3.4)' })
  @Matches(C_OCTETS, { message: 'systemId must be printable ASCII (an SMPP C-Octet string)' })
  @ApiProperty({ type: String })
  systemId: string;

  /** Write-only. SMPP 3.4 allows 8 characters; some SMSCs take longer ones. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(C_OCTETS, { message: 'password must be printable ASCII (an SMPP C-Octet string)' })
  @ApiPropertyOptional({
    type: String,
    format: 'password',
    writeOnly: true,
    description: 'Write-only; a PATCH that leaves it out keeps it',
  })
  password?: string;

  @IsOptional()
  @IsString()
  @MaxLength(12)
  @Matches(C_OCTETS, { message: 'systemType must be printable ASCII (an SMPP C-Octet string)' })
  @ApiPropertyOptional({ type: String })
  systemType?: string;

  @IsOptional()
  @IsIn(['transceiver', 'transmitter'], { message: 'bindMode must be transceiver or transmitter' })
  @ApiPropertyOptional({ type: String, default: 'transceiver' })
  bindMode?: 'transceiver' | 'transmitter';

  /** Submits per second this link may make (token bucket). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  @ApiPropertyOptional({ type: 'integer', default: 10, description: 'Submits per second' })
  tps?: number;

  /** submit_sm the link may have unanswered at once. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  @ApiPropertyOptional({ type: 'integer', default: 10 })
  windowSize?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  @ApiPropertyOptional({ type: 'integer', default: 30 })
  enquireLinkSeconds?: number;

  /** The sender when a message names none. */
  @IsOptional()
  @IsString()
  @MaxLength(20)
  @Matches(C_OCTETS, { message: 'sourceAddr must be printable ASCII (an SMPP C-Octet string)' })
  @ApiPropertyOptional({ type: String, description: 'The sender when a message names none' })
  sourceAddr?: string;

  /** TON/NPI of the source address; by default derived from it (alphanumeric 5/0, international 1/1). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(6)
  @ApiPropertyOptional({ type: 'integer' })
  sourceTon?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(18)
  @ApiPropertyOptional({ type: 'integer' })
  sourceNpi?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(6)
  @ApiPropertyOptional({ type: 'integer', default: 1 })
  destTon?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(18)
  @ApiPropertyOptional({ type: 'integer', default: 1 })
  destNpi?: number;

  /** How long messages travel: a UDH in short_message (the default) or the SAR TLVs. */
  @IsOptional()
  @IsIn(['udh', 'sar'], { message: 'concatenation must be udh or sar' })
  @ApiPropertyOptional({ type: String, default: 'udh' })
  concatenation?: 'udh' | 'sar';

  /** Ask for delivery receipts (registered_delivery 1). */
  @IsOptional()
  @IsBoolean()
  @ApiPropertyOptional({ type: Boolean, description: 'Ask for delivery receipts' })
  registeredDelivery?: boolean;
}

/**
 * A generic HTTP carrier. `url` and `bodyTemplate` take the placeholders {to} {from} {body}
 * {messageId}: URL-encoded in the URL, JSON-escaped in the body template. `secret` (the basic-auth
 * password or the bearer token) is write-only.
 */
export class HttpConfigDto {
  @IsString()
  @MaxLength(2048)
  @ApiProperty({ type: String, example: 'https://api.example.net/sms?to={to}' })
  url: string;

  @IsOptional()
  @IsIn(['GET', 'POST'], { message: 'method must be GET or POST' })
  @ApiPropertyOptional({ type: String, default: 'POST' })
  method?: 'GET' | 'POST';

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  @ApiPropertyOptional({ type: String, example: '{"to":"{to}","text":"{body}"}' })
  bodyTemplate?: string;

  @IsOptional()
  @IsObject()
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  headers?: Record<string, string>;

  @IsOptional()
  @IsIn(['none', 'basic', 'bearer'], { message: 'auth must be none, basic or bearer' })
  @ApiPropertyOptional({ type: String, default: 'none' })
  auth?: 'none' | 'basic' | 'bearer';

  @ValidateIf((o: HttpConfigDto) => o.auth === 'basic' || o.username !== undefined)
  @IsString({ message: 'username is required with basic auth' })
  @MinLength(1)
  @MaxLength(200)
  @Matches(/^[^:\r\n]*$/, { message: 'username may not contain a colon or a line break' })
  @ApiPropertyOptional({ type: String, description: 'Required with basic auth' })
  username?: string;

  /** Write-only: the basic-auth password or the bearer token. */
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  @Matches(/^[^\r\n]*$/, { message: 'secret may not contain a line break' })
  @ApiPropertyOptional({
    type: String,
    format: 'password',
    writeOnly: true,
    description: 'The basic-auth password or the bearer token; write-only',
  })
  secret?: string;

  /** Statuses that mean accepted; default any 2xx. */
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  @Min(100, { each: true })
  @Max(599, { each: true })
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'integer' },
    description: 'Statuses that mean accepted (default any 2xx)',
  })
  successStatus?: number[];

  /** Where the carrier's message id is in a JSON answer, as a dotted path (`data.messages.0.id`). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, { message: 'messageIdPath must be a dotted path such as data.id' })
  @ApiPropertyOptional({
    type: String,
    description: "Where the carrier's message id is in its JSON answer, such as data.id",
  })
  messageIdPath?: string;

  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(60_000)
  @ApiPropertyOptional({ type: 'integer' })
  timeoutMs?: number;
}
