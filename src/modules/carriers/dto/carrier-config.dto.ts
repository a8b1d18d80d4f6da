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

const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$|^[0-9a-fA-F:.]+$/;

/**
 * An SMPP 3.4 carrier. `password` is write-only (sealed into secret_encrypted); the rest is stored
 * as the carrier's config and shown back. Limits are the spec's field sizes where it has them.
 */
export class SmppConfigDto {
  @IsString()
  @MaxLength(253)
  @Matches(HOST, { message: 'host must be a host name or an IP address' })
  host: string;

  @IsInt()
  @Min(1)
  @Max(65535)
  port: number;

  @IsString()
  @MinLength(1)
  @MaxLength(15, { message: 'systemId is at most 15 characters (SMPP 3.4)' })
  systemId: string;

  /** Write-only. SMPP 3.4 allows 8 characters; some SMSCs take longer ones. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  password?: string;

  @IsOptional()
  @IsString()
  @MaxLength(12)
  systemType?: string;

  @IsOptional()
  @IsIn(['transceiver', 'transmitter'], { message: 'bindMode must be transceiver or transmitter' })
  bindMode?: 'transceiver' | 'transmitter';

  /** Submits per second this link may make (token bucket). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  tps?: number;

  /** submit_sm the link may have unanswered at once. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  windowSize?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  enquireLinkSeconds?: number;

  /** The sender when a message names none. */
  @IsOptional()
  @IsString()
  @MaxLength(20)
  sourceAddr?: string;

  /** TON/NPI of the source address; by default derived from it (alphanumeric 5/0, international 1/1). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(6)
  sourceTon?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(18)
  sourceNpi?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(6)
  destTon?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(18)
  destNpi?: number;

  /** How long messages travel: a UDH in short_message (the default) or the SAR TLVs. */
  @IsOptional()
  @IsIn(['udh', 'sar'], { message: 'concatenation must be udh or sar' })
  concatenation?: 'udh' | 'sar';

  /** Ask for delivery receipts (registered_delivery 1). */
  @IsOptional()
  @IsBoolean()
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
  url: string;

  @IsOptional()
  @IsIn(['GET', 'POST'], { message: 'method must be GET or POST' })
  method?: 'GET' | 'POST';

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  bodyTemplate?: string;

  @IsOptional()
  @IsObject()
  headers?: Record<string, string>;

  @IsOptional()
  @IsIn(['none', 'basic', 'bearer'], { message: 'auth must be none, basic or bearer' })
  auth?: 'none' | 'basic' | 'bearer';

  @ValidateIf((o: HttpConfigDto) => o.auth === 'basic' || o.username !== undefined)
  @IsString({ message: 'username is required with basic auth' })
  @MinLength(1)
  @MaxLength(200)
  @Matches(/^[^:\r\n]*$/, { message: 'username may not contain a colon or a line break' })
  username?: string;

  /** Write-only: the basic-auth password or the bearer token. */
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  @Matches(/^[^\r\n]*$/, { message: 'secret may not contain a line break' })
  secret?: string;

  /** Statuses that mean accepted; default any 2xx. */
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  @Min(100, { each: true })
  @Max(599, { each: true })
  successStatus?: number[];

  /** Where the carrier's message id is in a JSON answer, as a dotted path (`data.messages.0.id`). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, { message: 'messageIdPath must be a dotted path such as data.id' })
  messageIdPath?: string;

  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(60_000)
  timeoutMs?: number;
}
