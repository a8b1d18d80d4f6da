import { readFileSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  type ValidationError,
} from 'class-validator';

export type Role = 'api' | 'worker';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;
const toRoles = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean)
    : value;

/**
 * A whole-number setting from `min` to `max`: the variable's text as a number (unset or empty: the
 * default), then checked. It stacks @Transform(toInt) @IsInt() @Min(min) @Max(max), applied in the
 * order stacked decorators are (the last first), so the messages come in the same order.
 */
function IntSetting(min: number, max: number): PropertyDecorator {
  const stacked = [Max(max), Min(min), IsInt(), Transform(toInt)];
  return (target, property) => {
    for (const decorator of stacked) decorator(target, property);
  };
}

/** A comma-separated setting as a list; `none` (or nothing) is the empty list. */
export function listSetting(value: string): string[] {
  const items = value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return items.length === 1 && items[0].toLowerCase() === 'none' ? [] : items;
}

/**
 * The one place that reads the environment (DESIGN.md §8). Defaults are the local services, so
 * `npm start` needs no `.env`; a malformed value stops the process at boot with the variable's name.
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IntSetting(0, 65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** The URL phones and people use to reach this server; printed by `npm start`, used in pairing QR codes. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/.*)?$/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/smsgw';

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key this gateway writes (Bull queues included); tests use their own. */
  @Matches(/^[A-Za-z0-9_:-]{1,64}$/, { message: 'REDIS_PREFIX must be 1-64 of A-Z a-z 0-9 _ : -' })
  REDIS_PREFIX = 'smsgw';

  @Transform(toRoles)
  @IsIn(['api', 'worker'], { each: true, message: 'ROLES must be a comma-separated list of api, worker' })
  ROLES: Role[] = ['api', 'worker'];

  /**
   * Processes that serve the api role, sharing PORT (node:cluster). Above 1, a primary process
   * migrates, forks them and the worker role's process, and restarts any that dies; 1 is a single
   * process with every role in `ROLES`, the default: on the 2-core machine the project is measured on,
   * two api processes took in 30-40 % fewer messages than one (docs/performance.md).
   */
  @Transform(toInt)
  @IsInt({ message: 'API_PROCESSES must be a whole number from 1 to 64' })
  @Min(1, { message: 'API_PROCESSES must be a whole number from 1 to 64' })
  @Max(64, { message: 'API_PROCESSES must be a whole number from 1 to 64' })
  API_PROCESSES = 1;

  /**
   * Not for operators: the primary sets it in the processes it forks (`api-1`, `api-2`, …, `worker`),
   * which put it in their log lines and metrics.
   */
  @IsOptional()
  @Matches(/^(api-\d{1,2}|worker)$/, { message: 'GATEWAY_PROCESS must be api-<n> or worker' })
  GATEWAY_PROCESS?: string;

  @IsOptional()
  @IsEmail({ require_tld: false }, { message: 'BOOTSTRAP_ADMIN_EMAIL must be an email address' })
  BOOTSTRAP_ADMIN_EMAIL = 'admin@localhost';

  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'BOOTSTRAP_ADMIN_PASSWORD must be at least 8 characters' })
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9+/=_-]{43,}$/, { message: 'ENCRYPTION_KEY must be 32 bytes, base64 encoded' })
  ENCRYPTION_KEY?: string;

  @IntSetting(60, 86_400)
  JWT_TTL_SECONDS = 3600;

  @IntSetting(60, 86_400)
  PAIRING_CODE_TTL_SECONDS = 900;

  /** How long a refresh token lasts unused; each use replaces it with a new one. */
  @IntSetting(300, 365 * 86_400)
  REFRESH_TTL_SECONDS = 30 * 86_400;

  @IsString()
  WEBHOOK_ALLOW_HOSTS = '';

  /**
   * Webhook requests one worker process has in flight at once. Above what one account may hold
   * (WEBHOOK_ACCOUNT_CONCURRENCY), so a few accounts with slow receivers leave room for the rest.
   */
  @IntSetting(1, 1000)
  WEBHOOK_CONCURRENCY = 100;

  /** Webhook requests in flight to one endpoint (an account's per-message callbacks count as one). */
  @IntSetting(1, 1000)
  WEBHOOK_ENDPOINT_CONCURRENCY = 10;

  /**
   * A message `sent` this long without a delivery report is given up on: it stays `sent`, with an
   * event DLR_TIMEOUT and the `message.dlr_timeout` webhook. Carriers keep a message 48 hours by default.
   */
  @IntSetting(1, 30 * 86_400)
  DLR_TIMEOUT_SECONDS = 172_800;

  /**
   * Error codes of a carrier's delivery report that mean "try again" (comma-separated, as the
   * gateway records them: `SMPP_ERR_<err>` for SMPP receipts, the carrier's own code for HTTP ones).
   * Such a report puts the message back in the queue while its TTL and attempts last. Empty: none.
   */
  @Matches(/^[A-Za-z0-9_.:-]*(,[A-Za-z0-9_.:-]+)*$/, {
    message: 'DLR_RETRY_ERRORS must be error codes separated by commas',
  })
  DLR_RETRY_ERRORS = '';

  /**
   * E.164 prefixes no account may send to (comma-separated; `none` for none). The default:
   * International Shared Cost (+808), Inmarsat (+870), global satellite (+881), international
   * networks (+882, +883) and international premium rate (+979), the ranges SMS pumping favours.
   */
  @Matches(/^\s*(none|\+\d{1,15}(\s*,\s*\+\d{1,15})*)\s*$/i, {
    message: 'DESTINATION_DENY_PREFIXES must be E.164 prefixes such as +881,+979 separated by commas, or none',
  })
  DESTINATION_DENY_PREFIXES = '+808,+870,+881,+882,+883,+979';

  /**
   * Number types (by each country's number plan, libphonenumber's full metadata) no account may send
   * to (comma-separated; `none` for none).
   */
  @Matches(
    /^\s*(none|(PREMIUM_RATE|SHARED_COST|TOLL_FREE|VOIP|PERSONAL_NUMBER|PAGER|UAN|VOICEMAIL|FIXED_LINE|MOBILE|FIXED_LINE_OR_MOBILE)(\s*,\s*(PREMIUM_RATE|SHARED_COST|TOLL_FREE|VOIP|PERSONAL_NUMBER|PAGER|UAN|VOICEMAIL|FIXED_LINE|MOBILE|FIXED_LINE_OR_MOBILE))*)\s*$/,
    {
      message:
        'DESTINATION_DENY_TYPES must be libphonenumber number types such as PREMIUM_RATE,SHARED_COST separated by commas, or none',
    },
  )
  DESTINATION_DENY_TYPES = 'PREMIUM_RATE,SHARED_COST';

  /** Per account: webhook endpoints, carriers, devices (not revoked) and API clients (not revoked). */
  @IntSetting(1, 100_000)
  ACCOUNT_MAX_WEBHOOKS = 25;

  @IntSetting(1, 100_000)
  ACCOUNT_MAX_CARRIERS = 25;

  @IntSetting(1, 1_000_000)
  ACCOUNT_MAX_DEVICES = 1000;

  @IntSetting(1, 100_000)
  ACCOUNT_MAX_OAUTH_CLIENTS = 100;

  /** Per account: message templates. */
  @IntSetting(1, 100_000)
  ACCOUNT_MAX_TEMPLATES = 1000;

  /** Webhook requests in flight for one account over all its endpoints. */
  @IntSetting(1, 10_000)
  WEBHOOK_ACCOUNT_CONCURRENCY = 25;

  /** A webhook request that has not answered in this long counts as a failed attempt. */
  @IntSetting(100, 60_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** The wait before the second attempt of a webhook delivery; it doubles per attempt (with jitter). */
  @IntSetting(10, 3_600_000)
  WEBHOOK_BACKOFF_MS = 5000;

  @IntSetting(10, 86_400_000)
  WEBHOOK_BACKOFF_MAX_MS = 3_600_000;

  /** A delivery still failing this long after its event is `failed`. Fractions allowed (tests). */
  @Transform(toInt)
  @IsNumber({}, { message: 'WEBHOOK_RETRY_HOURS must be a number' })
  @Min(0.0001)
  @Max(720)
  WEBHOOK_RETRY_HOURS = 24;

  /** An endpoint with no successful delivery for this long is disabled. Fractions allowed (tests). */
  @Transform(toInt)
  @IsNumber({}, { message: 'WEBHOOK_DISABLE_AFTER_HOURS must be a number' })
  @Min(0.0001)
  @Max(8760)
  WEBHOOK_DISABLE_AFTER_HOURS = 72;

  /** Finished webhook deliveries (delivered or failed) are deleted after this many days; 0 keeps them. */
  @IntSetting(0, 3650)
  WEBHOOK_RETENTION_DAYS = 30;

  @IntSetting(0, 1000)
  DEMO_PHONES = 0;

  @IntSetting(0, 600_000)
  DEMO_DELIVERY_MS = 0;

  /** How long the dispatcher waits for a phone to take a message into its outbox. */
  @IntSetting(100, 120_000)
  DISPATCH_ACK_TIMEOUT_MS = 10_000;

  @IntSetting(1, 1000)
  DISPATCH_CONCURRENCY = 50;

  /** Attempts before a message that finds no phone is `failed`. */
  @IntSetting(1, 100)
  DISPATCH_MAX_ATTEMPTS = 5;

  @IntSetting(10, 3_600_000)
  DISPATCH_BACKOFF_MS = 2000;

  /** The backoff doubles per attempt up to this. */
  @IntSetting(10, 86_400_000)
  DISPATCH_BACKOFF_MAX_MS = 300_000;

  /** A dispatch job whose worker died is taken up again after this long (Bull's lock duration). */
  @IntSetting(1000, 600_000)
  DISPATCH_LOCK_MS = 30_000;

  /**
   * A message no phone can take (none online) waits without spending attempts; it is handed out as
   * soon as one of the account's phones comes online, and checked again after this long anyway.
   */
  @IntSetting(100, 3_600_000)
  DISPATCH_NO_PHONE_RECHECK_MS = 30_000;

  /**
   * A routing target's circuit breaker (per carrier, per device pool; each process keeps its own)
   * opens when more than this percentage of its recent attempts failed...
   */
  @IntSetting(1, 100)
  BREAKER_ERROR_PERCENT = 50;

  /** ...once it has seen at least this many attempts in its rolling window (10 s)... */
  @IntSetting(1, 100_000)
  BREAKER_VOLUME = 10;

  /** ...and lets one trial attempt through this long after it opened (half-open): success closes it. */
  @IntSetting(10, 3_600_000)
  BREAKER_RESET_MS = 30_000;

  /**
   * A phone's send budget in message parts per minute when its own throttle sets none: below
   * Android's per-app limit (30 parts a minute in current AOSP), above which an unattended phone
   * stalls on a confirmation dialog. 0 means no limit (benchmarks, carrier-grade plans).
   */
  @IntSetting(0, 100_000)
  DEVICE_DEFAULT_PARTS_PER_MINUTE = 24;

  /** Messages one phone may hold handed over but not yet confirmed `sent`. */
  @IntSetting(1, 10_000)
  DEVICE_WINDOW = 10;

  /**
   * A phone silent this long (no socket, no heartbeat) loses its unconfirmed messages to other
   * phones. Must exceed the agent's offline send grace (60 s) plus a heartbeat interval (30 s).
   */
  @IntSetting(1, 86_400)
  DEVICE_LEASE_SECONDS = 180;

  /** A phone without a heartbeat or event this long is offline and gets no work. */
  @IntSetting(1, 3600)
  DEVICE_OFFLINE_AFTER_SECONDS = 90;

  /** Events one phone socket may send per second on average before it is refused, then dropped. */
  @IntSetting(1, 100_000)
  AGENT_EVENTS_PER_SECOND = 200;

  /** How often a worker expires messages past their TTL and re-creates missing queue jobs. */
  @IntSetting(100, 3_600_000)
  SWEEP_INTERVAL_MS = 5000;

  /** How often the worker's campaign pump makes the next messages of running campaigns (pause takes effect within this). */
  @IntSetting(50, 10_000)
  CAMPAIGN_TICK_MS = 250;

  /** Messages of an unpaced campaign made and not yet handed to a phone or carrier, at most (a pause leaves these to go). */
  @IntSetting(10, 100_000)
  CAMPAIGN_MAX_WAITING = 1000;

  /** A queued message untouched this long without a job is recovered by the sweep. */
  @IntSetting(1, 3600)
  RECOVERY_QUIET_SECONDS = 10;

  /** SMPP reconnects: exponential backoff with jitter from this base… */
  @IntSetting(10, 600_000)
  CARRIER_RECONNECT_BASE_MS = 1000;

  /** …up to this ceiling. */
  @IntSetting(10, 3_600_000)
  CARRIER_RECONNECT_MAX_MS = 60_000;

  /** How long one message may wait for a carrier (bind, window, rate, throttling) before the attempt fails. */
  @IntSetting(100, 600_000)
  CARRIER_SUBMIT_TIMEOUT_MS = 30_000;

  /** How long a submit_sm_resp, bind_resp or enquire_link_resp may take. */
  @IntSetting(100, 120_000)
  CARRIER_RESPONSE_TIMEOUT_MS = 10_000;

  /** How often a worker compares its SMPP sessions with the carriers table (changes made by other processes). */
  @IntSetting(100, 3_600_000)
  CARRIER_SYNC_INTERVAL_MS = 5000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  /** A bearer token that lets a scraper read `GET /metrics` from any address (docs/operations.md). */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /** Addresses (IPs or CIDRs, comma-separated) that may read `GET /metrics` without the token. */
  @Matches(/^[0-9A-Fa-f.:/,\s]*$/, { message: 'METRICS_ALLOW must be a comma-separated list of IPs or CIDRs' })
  METRICS_ALLOW = '127.0.0.1,::1';

  /** Run pending migrations at boot (the default); production may prefer a separate step. */
  @Transform(({ value }: { value: unknown }) => (value === undefined ? undefined : value === 'true' || value === '1'))
  @IsOptional()
  MIGRATIONS_RUN = true;

  // Rate limits (docs/api.md, Rate limits): token buckets of rate × RATE_LIMIT_BURST_SECONDS points.
  @Transform(toBool)
  @IsBoolean({ message: 'RATE_LIMIT_ENABLED must be true or false' })
  RATE_LIMIT_ENABLED = true;

  /** `open`: anyone may create an account (POST /v1/auth/signup); the default except in production. */
  @IsOptional()
  @IsIn(['open', 'closed'], { message: 'SIGNUP must be open or closed' })
  SIGNUP?: 'open' | 'closed';

  get signupOpen(): boolean {
    return (this.SIGNUP ?? (this.isProduction ? 'closed' : 'open')) === 'open';
  }

  /**
   * A request must have arrived whole (headers and body) within this many milliseconds, or the
   * server answers 408 and closes the connection: a slow body holds nothing for longer.
   */
  @IntSetting(1000, 3_600_000)
  REQUEST_TIMEOUT_MS = 120_000;

  /** CSV imports of suppressions one account may run at once (per API process); more is 429. */
  @IntSetting(1, 100)
  SUPPRESSION_IMPORTS_PER_ACCOUNT = 2;

  /** Points a second for one account: all its users and API clients together. */
  @IntSetting(1, 1_000_000)
  RATE_LIMIT_ACCOUNT_PER_SECOND = 2000;

  /** Points a second for one user or API client (or one IP address on public routes). */
  @IntSetting(1, 1_000_000)
  RATE_LIMIT_SUBJECT_PER_SECOND = 1000;

  /** Bucket size in seconds of rate: a caller that has been quiet may send this many seconds' worth at once. */
  @IntSetting(1, 3600)
  RATE_LIMIT_BURST_SECONDS = 2;

  /**
   * GraphQL introspection and GraphiQL (`/graphiql`): on outside production; in production only
   * when `GRAPHQL_INTROSPECTION=true` (a public endpoint should not hand out its schema).
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'GRAPHQL_INTROSPECTION must be true or false' })
  GRAPHQL_INTROSPECTION?: boolean;

  /**
   * Reverse proxies (IPs or CIDRs, comma-separated) whose `X-Forwarded-For` names the client: per-IP
   * limits and audit events then use the client's address. Empty (the default): the socket's address,
   * and the header is ignored, so a caller cannot choose the address it is limited by.
   */
  @Matches(/^[0-9A-Fa-f.:/,\s]*$/, { message: 'TRUST_PROXY must be a comma-separated list of IPs or CIDRs' })
  TRUST_PROXY = '';

  /** Failed sign-ins one IP address may make within 15 minutes before its sign-ins answer RATE_LIMITED. */
  @IntSetting(1, 1_000_000)
  LOGIN_FAILURES_PER_IP = 10;

  /**
   * Password hashes (and checks) this process runs at once. Argon2 runs on libuv's thread pool (4
   * threads unless UV_THREADPOOL_SIZE says otherwise), which also resolves host names (the webhook
   * SSRF guard, carriers) and reads files: keep this below the pool's size.
   */
  @IntSetting(1, 64)
  PASSWORD_HASH_CONCURRENCY = 2;

  /** How long a sign-in may wait for a free hashing slot before it answers RATE_LIMITED. */
  @IntSetting(0, 60_000)
  PASSWORD_HASH_WAIT_MS = 2000;

  /** Pairing attempts (`POST /v1/agent/pair`) one IP address may make per minute. */
  @IntSetting(1, 1_000_000)
  PAIR_PER_MINUTE = 10;

  /** Unknown or expired pairing codes one IP address may present within 15 minutes before pairing answers RATE_LIMITED. */
  @IntSetting(1, 1_000_000)
  PAIR_MISSES_PER_IP = 5;

  get graphqlIntrospection(): boolean {
    return this.GRAPHQL_INTROSPECTION ?? !this.isProduction;
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  has(role: Role): boolean {
    return this.ROLES.includes(role);
  }

  /** A primary with child processes: several api processes asked for, and this process serves the api role. */
  get clustered(): boolean {
    return this.API_PROCESSES > 1 && this.has('api');
  }

  /** TRUST_PROXY as a list (Fastify's `trustProxy` takes it as is); empty when no proxy is trusted. */
  get trustedProxies(): string[] {
    return this.TRUST_PROXY.split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
  }

  get publicUrl(): string {
    return this.PUBLIC_URL ?? `http://127.0.0.1:${this.PORT}`;
  }
}

const KNOWN = new Set(
  Object.keys(new AppConfig()).concat([
    'PUBLIC_URL',
    'BOOTSTRAP_ADMIN_PASSWORD',
    'JWT_SECRET',
    'ENCRYPTION_KEY',
    'SIGNUP',
    'METRICS_TOKEN',
    'GRAPHQL_INTROSPECTION',
    'GATEWAY_PROCESS',
  ]),
);

/** Settings that may come from a file named by `<NAME>_FILE` instead (Docker / Kubernetes secrets). */
const SECRET_KEYS = new Set([
  'JWT_SECRET',
  'ENCRYPTION_KEY',
  'BOOTSTRAP_ADMIN_PASSWORD',
  'METRICS_TOKEN',
  'DATABASE_URL',
  'REDIS_URL',
]);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** An IPv4 or IPv6 address, optionally with a prefix length that fits it. */
export function isIpOrCidr(entry: string): boolean {
  const [address, bits, extra] = entry.split('/');
  if (extra !== undefined) return false;
  const max = isIPv4(address) ? 32 : isIPv6(address) ? 128 : 0;
  if (max === 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
}

function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => (m.includes(e.property) ? m : `${e.property}: ${m}`)),
  );
}

/** Reads and validates the environment once; throws ConfigError listing every bad variable. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Record<string, string>> = {},
): AppConfig {
  const source: Record<string, string> = {};
  const fileProblems: string[] = [];
  for (const key of KNOWN) {
    let value = overrides[key] ?? env[key];
    const file = SECRET_KEYS.has(key) ? (overrides[`${key}_FILE`] ?? env[`${key}_FILE`]) : undefined;
    if (file) {
      // Docker and Kubernetes secrets: the value from a file (its trailing newline dropped).
      if (value !== undefined && value !== '') {
        fileProblems.push(`${key} and ${key}_FILE are both set; give one`);
      } else {
        try {
          value = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
        } catch (error) {
          fileProblems.push(`${key}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
        }
      }
    }
    if (value !== undefined && value !== '') source[key] = value;
  }
  const config = plainToInstance(AppConfig, source);
  const problems = [...fileProblems, ...flatten(validateSync(config, { forbidUnknownValues: false }))];
  for (const entry of config.trustedProxies) {
    if (!isIpOrCidr(entry)) problems.push(`TRUST_PROXY: "${entry}" is not an IP address or CIDR`);
  }
  if (config.ROLES.length === 0) problems.push('ROLES must name at least one of api, worker');
  if (config.isProduction && !config.JWT_SECRET) problems.push('JWT_SECRET is required in production');
  if (config.isProduction && !config.ENCRYPTION_KEY) problems.push('ENCRYPTION_KEY is required in production');
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
