// `npm run bench` (issue 4, DESIGN.md §8): the gateway and N headless phones as child processes on
// a fresh database and Redis prefix, load from autocannon, end-to-end numbers from the stored
// events. Prints a table, writes bench/results/latest.json, and always cleans up after itself.
import { consoleReads, formatConsoleReads, type ConsoleReadsReport } from './console-reads.js';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { describeProblems, preflight } from '../src/cli/preflight.js';
import { dropDatabase, ensureDatabase } from '../src/database/ensure-database.js';
import { parseBenchArgs, UsageError, USAGE, type BenchParams, type Scenario } from './args.js';
import {
  CARRIER_PREFIX,
  carrierRecipient,
  checkCarrier,
  resetSmsc,
  startSmsc,
  typeStrippingProblem,
} from './carrier.js';
import { AGENTS_READY_PREFIX, Child, freePort } from './children.js';
import { CpuSampler } from './cpu.js';
import { endToEnd, fleetBalance, pendingCount, waitForCommits, waitForDrain, type MessageWindow } from './events.js';
import { batchBodies, LoadTool, recipient, singleBodies, type LoadResult } from './load.js';
import { installKannel, KannelPeer, type KannelInstall, type KannelResult } from './kannel.js';
import {
  checkTargets,
  formatPeer,
  formatReport,
  peerComparison,
  type PeerRow,
  type ScenarioResult,
  type SuppressionReport,
} from './report.js';
import { formatProfiles, readProfiles } from './profile.js';
import {
  formatSoak,
  heapOf,
  memoryTrend,
  SOAK_FLAT_PERCENT,
  SOAK_RSS_LIMIT_MIB,
  treeRssMiB,
  type SoakResult,
} from './soak.js';
import { importSuppressions, importTimeoutMs, sendToSuppressed } from './suppression.js';
import { formatCampaign, measureCampaigns, type CampaignReport } from './campaign.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// BENCH_RESULTS_DIR: elsewhere than bench/results (the test that runs the bench keeps a reader's results).
const RESULTS_DIR = resolve(process.env.BENCH_RESULTS_DIR ?? join(ROOT, 'bench', 'results'));
/** The results folder as the log lines show it: relative to the repository when inside it. */
const RESULTS_SHOWN = relative(ROOT, RESULTS_DIR).startsWith('..') ? RESULTS_DIR : relative(ROOT, RESULTS_DIR);
const ADMIN_EMAIL = 'admin@localhost';
/** Where --cpu-prof's profiles go (emptied at the start of such a run). */
const PROFILE_DIR = join(RESULTS_DIR, 'profiles');
/** Connections of the soak: its load is paced, a few carry it. */
const SOAK_CONNECTIONS = 10;
/** How often the soak samples the gateway's memory. */
const SOAK_SAMPLE_MS = 5000;

/** What ran where; `apiProcesses` is the gateway's API_PROCESSES. */
const setup = (apiProcesses: number) =>
  'Everything on one machine: the gateway (' +
  (apiProcesses > 1
    ? `API_PROCESSES=${apiProcesses}: a primary, ${apiProcesses} api processes sharing the port and a worker process`
    : 'one process, roles api+worker') +
  '), the headless phones ' +
  "(one process; the fleet scenario's phones in a second one), PostgreSQL, Redis and the load tool " +
  '(autocannon, in the bench process) and the test SMSC of the carrier scenario (its own process) share its ' +
  'CPUs; traffic goes over 127.0.0.1 only. ' +
  'Every accepted message is committed to PostgreSQL.';

// The gateway's rate limits (issue 4) default to far below the targets; the bench raises them to
// their maximum so the limiter's Redis round trip is still measured but never refuses. The
// per-device throttle (parts per minute a phone may send, issue 6) is turned off: a real SIM's
// limit would cap every scenario at phones × limit; so is the per-phone event limit. Set them in the environment to benchmark
// with other limits.
const GATEWAY_DEFAULTS: Record<string, string> = {
  RATE_LIMIT_ACCOUNT_PER_SECOND: '1000000',
  RATE_LIMIT_SUBJECT_PER_SECOND: '1000000',
  DEVICE_DEFAULT_PARTS_PER_MINUTE: '0',
  // Simulated phones report thousands of statuses a second; a real one a few. The flood guard
  // stays on at its maximum.
  AGENT_EVENTS_PER_SECOND: '100000',
  // The bench pairs all its phones from this machine within seconds: more than one address may
  // pair in a minute (PAIR_PER_MINUTE, 10).
  PAIR_PER_MINUTE: '1000000',
};
/** Gateway settings that shape the numbers: recorded in the JSON (never secrets). */
const RECORDED_ENV =
  /^(NODE_ENV|ROLES|API_PROCESSES|DISPATCH_|RATE_LIMIT_|DEVICE_|AGENT_|SWEEP_|OTEL_|CARRIER_|BREAKER_|WEBHOOK_ALLOW_HOSTS)/;

/** How long pairing `count` phones one after the other may take (tens of ms each here). */
const pairingTimeoutMs = (count: number) => 60_000 + count * 500;
/** Why a scenario left out of --scenarios did not run. */
const NOT_CHOSEN = 'not in --scenarios';

/** The carrier scenario's drain may take this many times --drain-timeout (its backlog goes out at the carrier's pace). */
const CARRIER_DRAIN_FACTOR = 3;
/** Connections of the `suppressed` scenario: a modest load, its answers' latency is the point. */
const SUPPRESSED_CONNECTIONS = 10;

const log = (line: string) => process.stderr.write(`› ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Http {
  status: number;
  body: unknown;
}

async function http(method: string, url: string, token?: string, json?: unknown): Promise<Http> {
  const res = await fetch(url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: json === undefined ? undefined : JSON.stringify(json),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body };
}

function expectStatus(what: string, res: Http, status: number): void {
  if (res.status !== status)
    throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function deleteRedisPrefix(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 3000, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}

function tryCommand(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Thrown at the next step once the run was interrupted: no report from a half-run. */
class Aborted extends Error {}

class Bench {
  private gateway?: Child;
  private agents?: Child;
  private fleetAgents?: Child;
  private smsc?: Child;
  private kannel?: KannelPeer;
  private db?: pg.Pool;
  private load?: LoadTool;
  private databaseCreated = false;
  private gatewayEnv: Record<string, string> = {};
  private apiProcesses = 1;
  private accountId = '';
  private cleanup?: Promise<void>;
  aborted = false;

  readonly suffix = randomBytes(4).toString('hex');
  readonly databaseUrl: string;
  readonly redisPrefix = `smsgw_bench_${this.suffix}`;
  readonly adminPassword = randomBytes(12).toString('base64url');
  readonly loadAverageAtStart = loadavg().map((n) => Math.round(n * 100) / 100);

  constructor(
    readonly params: BenchParams,
    readonly baseDatabaseUrl: string,
    readonly redisUrl: string,
  ) {
    this.databaseUrl = withDatabase(baseDatabaseUrl, `smsgw_bench_${this.suffix}`);
  }

  /** Stops both children, drops the database and the Redis keys; runs once, whatever called it. */
  async clean(): Promise<void> {
    this.cleanup ??= (async () => {
      this.load?.stop();
      const step = async (what: string, fn: () => Promise<unknown>) => {
        try {
          await fn();
        } catch (error) {
          log(`cleanup: ${what} failed: ${(error as Error).message}`);
        }
      };
      // The peer's boxes are on their own: whatever it was doing, it goes first.
      if (this.kannel) await step('stopping Kannel', () => this.kannel!.stop());
      // The gateway first: stopped phones would leave its in-flight dispatches waiting for acks.
      if (this.gateway) {
        const gateway = this.gateway;
        await step('stopping the gateway', async () => {
          if ((await gateway.stop(10_000)) === 'killed') log('cleanup: the gateway needed SIGKILL');
        });
      }
      // The SMSC after the gateway too: its sessions end with the gateway's, not under it.
      for (const other of [this.agents, this.fleetAgents, this.smsc]) {
        if (!other) continue;
        await step(`stopping ${other.name}`, async () => {
          if ((await other.stop(5000)) === 'killed') log(`cleanup: ${other.name} needed SIGKILL`);
        });
      }
      if (this.db) await step('closing the pool', () => this.db!.end());
      if (this.databaseCreated) await step('dropping the database', () => dropDatabase(this.databaseUrl));
      await step('deleting the Redis keys', () => deleteRedisPrefix(this.redisUrl, this.redisPrefix));
      log(`cleaned up (database smsgw_bench_${this.suffix} dropped, Redis prefix ${this.redisPrefix} deleted)`);
    })();
    return this.cleanup;
  }

  private checkpoint(): void {
    if (this.aborted) throw new Aborted('aborted');
  }

  /** Synchronous last resort (second Ctrl-C): the children go at once. */
  killChildren(): void {
    this.agents?.killNow();
    this.fleetAgents?.killNow();
    this.smsc?.killNow();
    this.kannel?.killNow();
    this.gateway?.killNow();
  }

  async run(): Promise<void> {
    const p = this.params;
    // Before anything starts: the SMSC script needs a Node that strips TypeScript types.
    const stripping = p.carrierLoad === 'off' ? undefined : typeStrippingProblem();
    if (stripping) throw new Error(stripping);
    const problems = await preflight(this.baseDatabaseUrl, this.redisUrl);
    if (problems.length > 0) {
      throw new Error(`the bench needs PostgreSQL and Redis.\n${describeProblems(problems)}`);
    }
    mkdirSync(RESULTS_DIR, { recursive: true });
    // The peer's packages before anything starts: a machine that cannot get them fails in seconds,
    // not after the scenarios.
    let kannelInstall: KannelInstall | undefined;
    if (p.peer === 'kannel') {
      kannelInstall = await installKannel({ log });
      log(
        `peer: Kannel ${kannelInstall.version} ready in ${kannelInstall.root}` +
          (kannelInstall.addedLibraries.length > 0 ? ` (with ${kannelInstall.addedLibraries.join(', ')})` : ''),
      );
      this.checkpoint();
    }

    // 1. The gateway, as `npm run start:prod` runs it, on its own database and Redis prefix.
    this.databaseCreated = true; // from here on, cleanup drops it (IF EXISTS)
    await ensureDatabase(this.databaseUrl);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    log(`starting the gateway on ${url} (database smsgw_bench_${this.suffix}, logs in ${RESULTS_SHOWN}/gateway.log)`);
    const gatewayEnv: NodeJS.ProcessEnv = { ...GATEWAY_DEFAULTS, ...process.env };
    if (p.apiProcesses !== undefined) gatewayEnv.API_PROCESSES = String(p.apiProcesses);
    // As the gateway reads it (a malformed value stops it at boot, and the bench with it).
    this.apiProcesses = Number(gatewayEnv.API_PROCESSES ?? 1);
    // The carrier scenario's SMSC listens on 127.0.0.1, which the SSRF guard refuses for carriers
    // (as for webhooks) unless allowed: added to whatever allow-list the environment gives.
    if (p.carrierLoad !== 'off') {
      const allowed = (gatewayEnv.WEBHOOK_ALLOW_HOSTS ?? '').split(',').map((h) => h.trim());
      if (!allowed.includes('127.0.0.1')) {
        gatewayEnv.WEBHOOK_ALLOW_HOSTS = [...allowed.filter(Boolean), '127.0.0.1'].join(',');
      }
    }
    this.gatewayEnv = Object.fromEntries(
      Object.entries(gatewayEnv).filter((e): e is [string, string] => RECORDED_ENV.test(e[0]) && e[1] !== undefined),
    );
    // Under API_PROCESSES the children inherit the flags (node:cluster forks with the primary's execArgv).
    if (p.cpuProf) rmSync(PROFILE_DIR, { recursive: true, force: true });
    const profiling = p.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
    const gateway = Child.spawn('the gateway', [...profiling, join(ROOT, 'dist/src/main.js')], {
      cwd: ROOT,
      logFile: join(RESULTS_DIR, 'gateway.log'),
      env: {
        ...gatewayEnv,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: this.databaseUrl,
        REDIS_URL: this.redisUrl,
        REDIS_PREFIX: this.redisPrefix,
        BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL,
        BOOTSTRAP_ADMIN_PASSWORD: this.adminPassword,
        LOG_LEVEL: 'warn',
        DEMO_PHONES: '0',
      },
    });
    this.gateway = gateway;
    this.watch(gateway);
    await this.waitReady(gateway, `${url}/health/ready`, 90_000);
    this.checkpoint();

    // 2. Sign in, create the devices, pair the phones in their own process.
    const login = await http('POST', `${url}/v1/auth/login`, undefined, {
      email: ADMIN_EMAIL,
      password: this.adminPassword,
    });
    expectStatus('POST /v1/auth/login', login, 200);
    const token = (login.body as { accessToken: string }).accessToken;
    log(`pairing ${p.agents} headless phones in one process (logs in ${RESULTS_SHOWN}/agents.log)`);
    const agents = await this.startPhones(url, token, p.agents, 'bench-phone', 'the agents', 'agents.log', (child) => {
      this.agents = child;
    });
    await this.waitOnline(url, token, p.agents, 10_000);
    this.checkpoint();

    this.db = new pg.Pool({ connectionString: this.databaseUrl, max: 2 });
    const db = this.db;
    const accounts = await db.query<{ id: string }>('SELECT id FROM accounts');
    if (accounts.rows.length !== 1) throw new Error(`expected one account, found ${accounts.rows.length}`);
    this.accountId = accounts.rows[0].id;
    const load = new LoadTool(url, token);
    this.load = load;
    const sampler = (phones: Child = agents.child, smsc?: Child) =>
      new CpuSampler(
        {
          gateway: gateway.pid,
          agents: phones.pid,
          smsc: smsc?.pid,
          postgresBench: async () =>
            (
              await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')
            ).rows.map((r) => r.pid),
        },
        cpus().length,
      );

    const first = await http('POST', `${url}/v1/messages`, token, { to: recipient(0), body: 'bench sanity check' });
    expectStatus('POST /v1/messages', first, 202);

    const single = { path: '/v1/messages', bodies: singleBodies(), itemsPerRequest: 1 };
    const scenarios: ScenarioResult[] = [];

    // 2b. The suppression list (issue 7), before the warm-up: every send from here on, warm-up
    // included, is checked against a list of this size.
    const suppression: SuppressionReport = {
      import: { skipped: '--suppressions 0' },
      suppressed: { skipped: p.suppressions === 0 ? '--suppressions 0' : '--suppressed-sends 0' },
    };
    if (p.suppressions > 0) {
      log(`suppressions: importing ${p.suppressions} numbers through POST /v1/suppressions/import (streamed CSV)`);
      const imported = await importSuppressions(url, token, db, this.accountId, p.suppressions, sampler());
      suppression.import = imported;
      log(
        `suppressions: ${imported.rows} rows (${Math.round(imported.bytes / 1024)} KiB) in ${imported.durationS} s, ` +
          `${imported.rowsPerS} rows/s`,
      );
      this.checkpoint();
    }

    // 2c. Campaigns (issue 19): a large import launched for tomorrow, then a paced campaign
    // against the phones, before the load scenarios (their backlog would hold up its messages).
    let campaign: CampaignReport | { skipped: string } = { skipped: '--campaign-recipients 0' };
    if (p.campaignRecipients > 0) {
      campaign = await measureCampaigns(
        url,
        token,
        db,
        gateway.pid!,
        { recipients: p.campaignRecipients, pace: p.campaignPace, paceSeconds: p.campaignPaceSeconds },
        log,
      );
      this.checkpoint();
    }

    // 3. Warm-up: unmeasured, so the first scenario does not pay for the gateway's JIT.
    log(`warm-up: ${p.warmupS} s of single sends`);
    const warm = await load.run({ ...single, connections: p.connections, durationS: p.warmupS });
    await this.drain(db, this.windowOf(warm));

    // 4. Below saturation first, while nothing is queued: evenly paced single sends.
    const notChosen = (name: Scenario, description: string) => {
      log(`${name}: skipped (${NOT_CHOSEN})`);
      scenarios.push({ name, description, skipped: NOT_CHOSEN });
    };
    if (!p.scenarios.has('probe')) notChosen('probe', 'POST /v1/messages, evenly paced');
    else {
      log(`probe: ${p.probeRate} msg/s for ${p.probeDurationS} s (below saturation)`);
      scenarios.push(
        await this.scenario('probe', `POST /v1/messages at ${p.probeRate} msg/s, evenly paced`, sampler(), () =>
          load.paced({ ...single, rate: p.probeRate, durationS: p.probeDurationS }),
        ),
      );
    }

    // 4b. Sends to suppressed numbers: answered 422 before anything is written.
    if (p.suppressions > 0 && p.suppressedSends > 0) {
      log(
        `suppressed: ${p.suppressedSends} × POST /v1/messages to numbers on the list, ` +
          `${SUPPRESSED_CONNECTIONS} connections`,
      );
      const result = await sendToSuppressed(
        url,
        token,
        db,
        this.accountId,
        { listSize: p.suppressions, requests: p.suppressedSends, connections: SUPPRESSED_CONNECTIONS },
        sampler(),
        () => this.aborted,
      );
      this.checkpoint();
      suppression.suppressed = result;
      log(
        `suppressed: ${result.requestsPerS} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms; ` +
          (result.allOptedOut ? 'every answer 422 RECIPIENT_OPTED_OUT' : `answers ${JSON.stringify(result.codes)}`) +
          `; ${result.storedToPicked} messages stored to them`,
      );
    }

    // 5a. single
    if (!p.scenarios.has('single')) notChosen('single', 'POST /v1/messages, one message per request');
    else {
      log(`single: POST /v1/messages, ${p.connections} connections, ${p.durationS} s`);
      scenarios.push(
        await this.scenario('single', 'POST /v1/messages, one message per request', sampler(), () =>
          load.run({ ...single, connections: p.connections, durationS: p.durationS }),
        ),
      );
    }

    // 5b. batch, once the endpoint exists
    const batchPath = '/v1/messages/batch';
    const batchProbeWindow: MessageWindow = { accountId: this.accountId, from: new Date() };
    const batchProbe = await http('POST', `${url}${batchPath}`, token, {
      messages: [{ to: recipient(1), body: 'bench batch sanity check' }],
    });
    const batchUnavailable = this.batchUnavailable(batchProbe);
    if (!p.scenarios.has('batch')) notChosen('batch', `POST ${batchPath}`);
    else if (batchUnavailable) {
      log(`batch: skipped (${batchUnavailable})`);
      scenarios.push({ name: 'batch', description: `POST ${batchPath}`, skipped: batchUnavailable });
    } else {
      await this.drain(db, batchProbeWindow);
      log(`batch: POST ${batchPath} × ${p.batchSize}, ${p.connections} connections, ${p.durationS} s`);
      const bodies = batchBodies(p.batchSize);
      scenarios.push(
        await this.scenario('batch', `POST ${batchPath}, ${p.batchSize} messages per request`, sampler(), () =>
          load.run({
            path: batchPath,
            bodies,
            itemsPerRequest: p.batchSize,
            connections: p.connections,
            durationS: p.durationS,
          }),
        ),
      );
    }

    // 6. Fleet: the regular phones leave and N phones in a second process take their place, so
    // every message of this scenario goes to one of the fleet's phones.
    if (!p.scenarios.has('fleet')) notChosen('fleet', 'fleet of headless phones');
    else if (p.fleetAgents === 0) {
      scenarios.push({ name: 'fleet', description: 'fleet of headless phones', skipped: '--fleet-agents 0' });
    } else if (p.fleetLoad === 'batch' && batchUnavailable) {
      scenarios.push({ name: 'fleet', description: `POST ${batchPath}`, skipped: batchUnavailable });
    } else {
      // A backlog left by an undrained scenario would queue ahead of the fleet's messages, and
      // messages on the phones about to stop would wait for a timeout: let it go out first.
      await this.letBacklogGo(db, 'fleet', p.drainTimeoutS);
      log(`fleet: stopping the ${p.agents} phones, pairing ${p.fleetAgents} in a second process (fleet-agents.log)`);
      await agents.child.stop(5000);
      await this.waitOnline(url, token, 0, 10_000);
      this.checkpoint();
      const pairingStarted = Date.now();
      const fleet = await this.startPhones(
        url,
        token,
        p.fleetAgents,
        'bench-fleet',
        'the fleet phones',
        'fleet-agents.log',
        (child) => {
          this.fleetAgents = child;
        },
      );
      await this.waitOnline(url, token, p.fleetAgents, 30_000);
      this.checkpoint();
      log(`fleet: ${p.fleetAgents} phones online after ${Math.round((Date.now() - pairingStarted) / 100) / 10} s`);
      const fleetLoad =
        p.fleetLoad === 'batch'
          ? { path: batchPath, bodies: batchBodies(p.batchSize), itemsPerRequest: p.batchSize }
          : single;
      const what =
        p.fleetLoad === 'batch' ? `POST ${batchPath}, ${p.batchSize} messages per request` : 'POST /v1/messages';
      log(`fleet: ${what}, ${p.connections} connections, ${p.durationS} s, ${p.fleetAgents} phones`);
      scenarios.push(
        await this.scenario(
          'fleet',
          `${what} to ${p.fleetAgents} phones in one process`,
          sampler(fleet.child),
          () => load.run({ ...fleetLoad, connections: p.connections, durationS: p.durationS }),
          { fleetDevices: fleet.deviceIds },
        ),
      );
    }

    // 7. Carrier (issue 8): the test SMSC, an SMPP carrier bound to it, and a route that sends the
    // scenario's numbers (and only those) to it; everything else keeps going to the phones.
    if (!p.scenarios.has('carrier')) notChosen('carrier', 'SMPP carrier to the test SMSC');
    else if (p.carrierLoad === 'off') {
      scenarios.push({ name: 'carrier', description: 'SMPP carrier to the test SMSC', skipped: '--carrier-load off' });
    } else if (p.carrierLoad === 'batch' && batchUnavailable) {
      scenarios.push({ name: 'carrier', description: `POST ${batchPath}`, skipped: batchUnavailable });
    } else {
      scenarios.push(await this.carrierScenario(url, token, db, sampler, batchPath));
    }

    // 7a. The soak (issue 18): steady /batch load, the gateway's memory sampled.
    let soak: SoakResult | { skipped: string } = { skipped: '--soak 0' };
    if (p.soakMinutes > 0) {
      if (batchUnavailable) soak = { skipped: batchUnavailable };
      else {
        soak = await this.soak(db, gateway, batchPath, url);
        log(formatSoak(soak).replaceAll('\n', '\n› '));
      }
    }

    // 7b. The peer (issue 18), right after our load scenarios, in the machine state they ran in: the
    // gateway, its phones, PostgreSQL and Redis up and idle. Our scenarios run exactly as in a run
    // without --peer, and the console step that follows fills the database (not a state to load Kannel in).
    let peer: { kannel: KannelResult; comparison: PeerRow[] } | { skipped: string } = { skipped: '--peer none' };
    if (kannelInstall) {
      await this.letBacklogGo(db, 'peer', p.drainTimeoutS, 'measuring Kannel anyway');
      log(`peer: starting Kannel (bearerbox, smsbox, fakesmsc; config and logs in ${RESULTS_SHOWN}/kannel/)`);
      this.kannel = new KannelPeer(kannelInstall, join(RESULTS_DIR, 'kannel'));
      const kannel = await this.kannel.run({
        connections: p.connections,
        durationS: p.durationS,
        warmupS: p.warmupS,
        drainTimeoutS: p.drainTimeoutS,
        log,
      });
      this.checkpoint();
      peer = { kannel, comparison: peerComparison(scenarios, kannel) };
      log(
        `peer: Kannel ${Math.round(kannel.load.ingestPerS)} msg/s accepted, p99 ${kannel.load.latencyMs.p99} ms; ` +
          `${Math.round(kannel.e2ePerS)} msg/s reached the fake SMSC (${kannel.delivered} of ${kannel.load.requests2xx} accepted)`,
      );
    }

    // 7c. The console's pages on a large account (issue 16), after the load: nothing else runs.
    let consoleReadsReport: ConsoleReadsReport | { skipped: string } = { skipped: '--console-messages 0' };
    if (p.consoleMessages > 0) {
      // Timed on an idle gateway: a backlog still going out to the phones would be measured too.
      await this.letBacklogGo(db, 'console', p.drainTimeoutS * 3, 'timing anyway');
      log(`console: filling the account to ${p.consoleMessages} messages, then timing the console's queries`);
      consoleReadsReport = await consoleReads(url, token, db, this.accountId, p.consoleMessages);
      this.checkpoint();
    }

    // 8. Report.
    this.checkpoint();
    const targets = checkTargets(scenarios);
    const pgFacts = await db.query<{ version: string; sync: string; buffers: string; maxconn: string }>(
      `SELECT current_setting('server_version') AS version, current_setting('synchronous_commit') AS sync,
              current_setting('shared_buffers') AS buffers, current_setting('max_connections') AS maxconn`,
    );
    const redisFacts = await this.redisFacts();
    const gitStatus = tryCommand('git', ['status', '--porcelain']);
    const result = {
      schema: 1,
      date: new Date().toISOString(),
      quick: p.quick,
      note: p.quick ? 'quick smoke run: too short to judge the targets' : undefined,
      setup: setup(this.apiProcesses),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? null,
        memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
        kernel: release(),
        node: process.version,
        loadAverageAtStart: this.loadAverageAtStart,
        loadAverageAtEnd: loadavg().map((n) => Math.round(n * 100) / 100),
        postgres: {
          version: pgFacts.rows[0]?.version,
          synchronousCommit: pgFacts.rows[0]?.sync,
          sharedBuffers: pgFacts.rows[0]?.buffers,
          maxConnections: pgFacts.rows[0]?.maxconn,
        },
        redis: redisFacts,
        git: {
          commit: tryCommand('git', ['rev-parse', 'HEAD']),
          uncommittedFiles: gitStatus === null ? null : gitStatus.split('\n').filter(Boolean).length,
        },
      },
      parameters: { ...p, apiProcesses: this.apiProcesses, gatewayEnv: this.gatewayEnv },
      warmup: summarizeLoad(warm),
      suppression,
      campaign,
      scenarios,
      targets,
      peer,
      soak,
      consoleReads: consoleReadsReport,
    };
    const file = join(RESULTS_DIR, 'latest.json');
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\n${formatReport(scenarios, targets, suppression)}\n`);
    if ('kannel' in peer) console.log(`${formatPeer(peer.kannel, peer.comparison)}\n`);
    if ('imports' in campaign) console.log(`${formatCampaign(campaign)}\n`);
    if ('memory' in soak) console.log(`${formatSoak(soak)}\n`);
    if ('reads' in consoleReadsReport) console.log(`${formatConsoleReads(consoleReadsReport)}\n`);
    console.log(
      `${p.quick ? 'Quick smoke run, not a measurement. ' : ''}` +
        `${cpus().length} CPUs, ${process.version}, API_PROCESSES=${this.apiProcesses}; ` +
        `full numbers in ${join(RESULTS_SHOWN, 'latest.json')}`,
    );
  }

  /**
   * Lets the unsent messages of earlier scenarios go out first, for up to `timeoutS`. After a
   * timeout the run stops, unless `anyway` says what it does instead.
   */
  private async letBacklogGo(db: pg.Pool, label: string, timeoutS: number, anyway?: string): Promise<void> {
    const backlog = await pendingCount(db, this.accountId);
    if (backlog === 0) return;
    log(`${label}: waiting up to ${timeoutS} s for ${backlog} unsent messages of earlier scenarios`);
    const waiting = waitForDrain(
      db,
      { accountId: this.accountId, from: new Date(0) },
      timeoutS * 1000,
      () => this.aborted,
    );
    await (anyway ? waiting.catch((error: unknown) => log(`${label}: ${String(error)}; ${anyway}`)) : waiting);
    this.checkpoint();
  }

  /**
   * Steady load for --soak minutes: /batch requests paced to --soak-rate from a few connections,
   * and the gateway's resident memory (its whole process tree) every few seconds.
   */
  private async soak(db: pg.Pool, gateway: Child, batchPath: string, url: string): Promise<SoakResult> {
    const p = this.params;
    await this.letBacklogGo(db, 'soak', p.drainTimeoutS);
    const requestsPerS = Math.max(1, Math.round(p.soakRate / p.batchSize));
    const rate = requestsPerS * p.batchSize;
    log(
      `soak: ${p.soakMinutes} min of POST ${batchPath} at ${rate} msg/s, gateway memory every ${SOAK_SAMPLE_MS / 1000} s`,
    );
    const samples: [number, number][] = [];
    const t0 = Date.now();
    const sample = () => samples.push([Math.round((Date.now() - t0) / 1000), treeRssMiB(gateway.pid!)]);
    sample();
    const timer = setInterval(sample, SOAK_SAMPLE_MS);
    let load: LoadResult;
    try {
      load = await this.load!.run({
        path: batchPath,
        bodies: batchBodies(p.batchSize),
        itemsPerRequest: p.batchSize,
        connections: SOAK_CONNECTIONS,
        durationS: p.soakMinutes * 60,
        overallRate: requestsPerS,
      });
    } finally {
      clearInterval(timer);
    }
    sample();
    // Where the memory is, from the gateway's own metrics (127.0.0.1 may read them).
    const heap = await fetch(`${url}/metrics`)
      .then(async (res) => (res.ok ? heapOf(await res.text()) : undefined))
      .catch(() => undefined);
    this.checkpoint();
    const window = this.windowOf(load);
    const backlogAtEnd = await pendingCount(db, this.accountId);
    const drained = await this.drain(db, window);
    const e2e = await endToEnd(db, window, drained);
    const memory = memoryTrend(samples);
    return {
      minutes: p.soakMinutes,
      rate,
      acceptedPerS: Math.round(load.ingestPerS),
      sentPerS: Math.round(e2e.e2ePerS),
      backlogAtEnd,
      nonAccepted: load.non2xx + load.errors,
      memory,
      heap,
      flat: Math.abs(memory.driftPercent) < SOAK_FLAT_PERCENT,
      withinLimit: memory.maxMiB <= SOAK_RSS_LIMIT_MIB,
    };
  }

  private async carrierScenario(
    url: string,
    token: string,
    db: pg.Pool,
    sampler: (phones?: Child, smsc?: Child) => CpuSampler,
    batchPath: string,
  ): Promise<ScenarioResult> {
    const p = this.params;
    await this.letBacklogGo(db, 'carrier', p.drainTimeoutS);
    const credentials = { systemId: 'smsgw-bench', password: randomBytes(4).toString('hex') }; // SMPP 3.4: 8 characters
    log(`carrier: starting the test SMSC (test/support/smsc-server.ts, logs in ${RESULTS_SHOWN}/smsc.log)`);
    const smsc = await startSmsc(ROOT, join(RESULTS_DIR, 'smsc.log'), credentials, (child) => {
      this.smsc = child;
      this.watch(child);
    });
    this.checkpoint();
    const created = await http('POST', `${url}/v1/carriers`, token, {
      name: 'bench SMSC',
      kind: 'smpp',
      smpp: {
        host: '127.0.0.1',
        port: smsc.smppPort,
        ...credentials,
        tps: p.carrierTps,
        windowSize: p.carrierWindow,
        sourceAddr: 'BENCH',
      },
    });
    expectStatus('POST /v1/carriers', created, 201);
    const carrierId = (created.body as { id: string }).id;
    const bindStarted = Date.now();
    let state = '';
    while (Date.now() - bindStarted < 30_000) {
      this.checkpoint();
      const res = await http('GET', `${url}/v1/carriers/${carrierId}`, token);
      expectStatus('GET /v1/carriers/{id}', res, 200);
      state = (res.body as { state: string }).state;
      if (state === 'bound') break;
      await sleep(200);
    }
    if (state !== 'bound')
      throw new Error(`the carrier was not bound within 30 s (state ${state}):\n${smsc.child.lastLines()}`);
    log(
      `carrier: bound after ${Math.round((Date.now() - bindStarted) / 100) / 10} s (window ${p.carrierWindow}, tps ${p.carrierTps})`,
    );
    const route = await http('POST', `${url}/v1/routes`, token, {
      name: 'bench carrier numbers',
      match: { prefixes: [CARRIER_PREFIX] },
      strategy: 'failover',
      targets: [{ kind: 'carrier', carrierId }],
    });
    expectStatus('POST /v1/routes', route, 201);
    // Once an account has routes, a message no route matches fails: the rest keeps going to the phones.
    const fallback = await http('POST', `${url}/v1/routes`, token, {
      name: 'everything else',
      isDefault: true,
      strategy: 'failover',
      targets: [{ kind: 'devices' }],
    });
    expectStatus('POST /v1/routes', fallback, 201);

    // One message first: it must go out through the carrier, or the numbers below would mean nothing.
    const sanityWindow: MessageWindow = { accountId: this.accountId, from: new Date() };
    const sanity = await http('POST', `${url}/v1/messages`, token, {
      to: carrierRecipient(0),
      body: 'bench carrier check',
    });
    expectStatus('POST /v1/messages', sanity, 202);
    await this.drain(db, sanityWindow);
    const sanityRow = await db.query<{ status: string; carrier_id: string | null }>(
      'SELECT status, carrier_id FROM messages WHERE id = $1',
      [(sanity.body as { id: string }).id],
    );
    if (sanityRow.rows[0]?.status !== 'sent' || sanityRow.rows[0]?.carrier_id !== carrierId) {
      throw new Error(
        `the carrier check message did not go out through the carrier: ${JSON.stringify(sanityRow.rows[0])}`,
      );
    }
    await resetSmsc(smsc);

    const batch = p.carrierLoad === 'batch';
    const what = batch ? `POST ${batchPath}, ${p.batchSize} messages per request` : 'POST /v1/messages';
    const load = batch
      ? { path: batchPath, bodies: batchBodies(p.batchSize, 8, carrierRecipient), itemsPerRequest: p.batchSize }
      : { path: '/v1/messages', bodies: singleBodies(64, carrierRecipient), itemsPerRequest: 1 };
    log(`carrier: ${what} to ${CARRIER_PREFIX}xxx, ${p.connections} connections, ${p.durationS} s`);
    const phones = this.fleetAgents ?? this.agents!;
    const result = await this.scenario(
      'carrier',
      `${what} to one SMPP carrier (window ${p.carrierWindow}, tps ${p.carrierTps}) bound to the test SMSC`,
      sampler(phones, smsc.child),
      () => this.load!.run({ ...load, connections: p.connections, durationS: p.durationS }),
      // The carrier takes messages far slower than /batch brings them in: the backlog goes out
      // after the load, so the drain may take longer, and its CPU shows what limits the carrier path.
      { drainTimeoutS: CARRIER_DRAIN_FACTOR * p.drainTimeoutS, sampleDrain: true },
    );
    const carrier = await checkCarrier(
      smsc,
      db,
      this.windowOf(result.load!),
      {
        id: carrierId,
        windowSize: p.carrierWindow,
        tps: p.carrierTps,
      },
      result.e2e!.drained,
    );
    log(
      `carrier: ${Math.round(result.e2e!.sentPerS)} msg/s sent via the carrier; the SMSC accepted ${carrier.accepted} submits ` +
        `for ${carrier.sentViaCarrier} messages sent` +
        (carrier.exactlyOnce === null
          ? ' (not drained: exactly once not judged)'
          : carrier.exactlyOnce
            ? ', each exactly once'
            : ' (NOT exactly once)'),
    );
    return { ...result, carrier };
  }

  private batchUnavailable(res: Http): string | undefined {
    if (res.status === 404) return '/batch not available';
    if (res.status !== 202) return `POST /v1/messages/batch answered ${res.status}: ${JSON.stringify(res.body)}`;
    const results = (res.body as { results?: { status?: number }[] } | undefined)?.results;
    if (!Array.isArray(results) || results[0]?.status !== 202) {
      return `POST /v1/messages/batch answered 202 without an accepted item: ${JSON.stringify(res.body)}`;
    }
    return undefined;
  }

  private windowOf(load: LoadResult): MessageWindow {
    return { accountId: this.accountId, from: load.startedAt };
  }

  private async drain(db: pg.Pool, window: MessageWindow, timeoutS = this.params.drainTimeoutS) {
    this.checkpoint();
    await waitForCommits(db, window, 2000, 20_000, () => this.aborted);
    this.checkpoint();
    const drained = await waitForDrain(db, window, timeoutS * 1000, () => this.aborted);
    this.checkpoint();
    return drained;
  }

  private async scenario(
    name: ScenarioResult['name'],
    description: string,
    cpu: CpuSampler,
    drive: () => Promise<LoadResult>,
    options: { fleetDevices?: string[]; drainTimeoutS?: number; sampleDrain?: boolean } = {},
  ): Promise<ScenarioResult> {
    const { fleetDevices } = options;
    const backlogAtStart = await pendingCount(this.db!, this.accountId);
    await cpu.begin();
    const load = await drive();
    const usage = await cpu.end();
    const window = this.windowOf(load);
    if (options.sampleDrain) await cpu.begin();
    const drained = await this.drain(this.db!, window, options.drainTimeoutS);
    const drainUsage = options.sampleDrain ? await cpu.end() : undefined;
    const e2e = await endToEnd(this.db!, window, drained);
    const fleet = fleetDevices ? await fleetBalance(this.db!, window, fleetDevices) : undefined;
    log(
      `${name}: ${Math.round(load.ingestPerS)} msg/s accepted, p99 ${load.latencyMs.p99} ms; ` +
        `${Math.round(e2e.e2ePerS)} msg/s ${name === 'carrier' ? 'handed to the carrier' : 'reached a phone'}` +
        (e2e.drained ? ` (drained in ${e2e.drainWaitS} s)` : ` (NOT drained: ${e2e.notSent} not sent)`) +
        (fleet
          ? `; ${fleet.devicesWithWork} of ${fleet.devices} phones got work, ` +
            `${fleet.perDevice.min}-${fleet.perDevice.max} messages each`
          : ''),
    );
    return {
      name,
      description,
      backlogAtStart,
      load,
      e2e,
      cpu: usage,
      ...(drainUsage !== undefined ? { cpuDrain: drainUsage } : {}),
      ...(fleet ? { fleet } : {}),
    };
  }

  /**
   * Creates `count` devices and pairs a headless phone for each, all in one child process.
   * `adopt` gets the child as soon as it exists, so cleanup stops it whatever happens next.
   */
  private async startPhones(
    url: string,
    token: string,
    count: number,
    namePrefix: string,
    label: string,
    logName: string,
    adopt: (child: Child) => void,
  ): Promise<{ child: Child; deviceIds: string[] }> {
    const codes: string[] = [];
    for (let i = 1; i <= count; i++) {
      this.checkpoint();
      const created = await http('POST', `${url}/v1/devices`, token, { name: `${namePrefix}-${i}` });
      expectStatus('POST /v1/devices', created, 201);
      codes.push((created.body as { pairing: { code: string } }).pairing.code);
    }
    const child = Child.spawn(label, [join(ROOT, 'dist/bench/agents.js'), url, ...codes], {
      cwd: ROOT,
      env: process.env,
      logFile: join(RESULTS_DIR, logName),
    });
    adopt(child);
    this.watch(child);
    const deviceIds = await this.waitAgents(child, pairingTimeoutMs(count));
    if (deviceIds.length !== count) throw new Error(`${label} reported ${deviceIds.length} phones, not ${count}`);
    return { child, deviceIds };
  }

  private watch(child: Child): void {
    void child.exited.then(() => {
      if (!this.cleanup && !child.stopRequested) {
        void abort(`${child.describeExit()} during the run; its last lines:\n${child.lastLines()}`, 1);
      }
    });
  }

  private async waitReady(child: Child, url: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!child.running) throw new Error(`${child.describeExit()} before it was ready:\n${child.lastLines()}`);
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`the gateway was not ready within ${timeoutMs / 1000} s:\n${child.lastLines()}`);
  }

  /** Resolves with the phones' device ids once the child printed its READY line. */
  private async waitAgents(child: Child, timeoutMs: number): Promise<string[]> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        new Promise<string[]>((resolve) =>
          child.onLine((line) => {
            if (!line.startsWith(AGENTS_READY_PREFIX)) return;
            const ready = JSON.parse(line.slice(AGENTS_READY_PREFIX.length)) as { deviceIds: string[] };
            resolve(ready.deviceIds);
          }),
        ),
        child.exited.then(() => {
          throw new Error(`${child.describeExit()} before its phones were connected:\n${child.lastLines()}`);
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`the phones were not connected within ${timeoutMs / 1000} s`)),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async waitOnline(url: string, token: string, expected: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let online = 0;
    while (Date.now() < deadline) {
      online = 0;
      // Follows nextCursor in case the list is ever paginated (it is one page today).
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
        const res = await http('GET', `${url}/v1/devices${query}`, token);
        expectStatus('GET /v1/devices', res, 200);
        const page = res.body as { data: { online: boolean }[]; nextCursor?: string | null };
        online += page.data.filter((d) => d.online).length;
        cursor = page.nextCursor ?? null;
      } while (cursor);
      if (online === expected) return;
      await sleep(250);
    }
    throw new Error(`${online} phones are online, expected ${expected}`);
  }

  private async redisFacts(): Promise<Record<string, string | null>> {
    const redis = new Redis(this.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      const info = await redis.info('server');
      const version = /redis_version:(\S+)/.exec(info)?.[1] ?? null;
      let policy: string | null = null;
      try {
        policy = ((await redis.config('GET', 'maxmemory-policy')) as string[])[1] ?? null;
      } catch {
        // CONFIG may be disabled on a managed Redis
      }
      return { version, maxmemoryPolicy: policy };
    } catch {
      return { version: null, maxmemoryPolicy: null };
    } finally {
      redis.disconnect();
    }
  }
}

function summarizeLoad(load: LoadResult) {
  return {
    durationS: load.durationS,
    ingestPerS: Math.round(load.ingestPerS),
    latencyMs: load.latencyMs,
    non2xx: load.non2xx,
    errors: load.errors,
  };
}

let bench: Bench | undefined;
let aborting = false;

async function abort(reason: string, exitCode: number): Promise<void> {
  if (aborting) {
    // Asked twice (a second Ctrl-C): no more waiting.
    bench?.killChildren();
    process.exit(exitCode);
  }
  aborting = true;
  log(`stopping: ${reason}`);
  if (bench) {
    bench.aborted = true;
    await bench.clean();
  }
  process.exit(exitCode);
}

async function main(): Promise<void> {
  let params: BenchParams | undefined;
  try {
    params = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exit(64);
    }
    throw error;
  }
  if (!params) {
    console.log(USAGE);
    return;
  }

  // The whole run is bounded: boot and pairing, warm-up, each scenario with its drain, the report.
  const p = params;
  const limitS =
    180 +
    (p.warmupS + p.drainTimeoutS) +
    2 * (p.durationS + p.drainTimeoutS + 30) +
    (p.probeDurationS + p.drainTimeoutS + 30) +
    (p.suppressions > 0 ? importTimeoutMs(p.suppressions) / 1000 + 30 : 0) +
    (p.suppressions > 0 && p.suppressedSends > 0 ? 30 + p.suppressedSends / 50 : 0) +
    (p.fleetAgents > 0 ? pairingTimeoutMs(p.fleetAgents) / 1000 + 60 + p.durationS + 2 * p.drainTimeoutS + 30 : 0) +
    (p.carrierLoad !== 'off' ? 120 + p.durationS + (2 + CARRIER_DRAIN_FACTOR) * p.drainTimeoutS : 0) +
    // The peer: the download (first run only), the backlog's wait, its warm-up and load with their drains.
    (p.peer === 'kannel' ? 240 + p.warmupS + p.durationS + 3 * p.drainTimeoutS + 60 : 0) +
    (p.soakMinutes > 0 ? p.soakMinutes * 60 + 2 * p.drainTimeoutS + 30 : 0) +
    (p.campaignRecipients > 0 ? 120 + p.campaignRecipients / 500 : 0) +
    (p.campaignRecipients > 0 && p.campaignPace > 0 ? p.campaignPaceSeconds + 30 : 0);
  setTimeout(() => void abort(`the bench's time limit of ${limitS} s was reached`, 124), limitS * 1000).unref();
  process.on('SIGINT', () => void abort('interrupted (SIGINT)', 130));
  process.on('SIGTERM', () => void abort('terminated (SIGTERM)', 143));

  bench = new Bench(
    params,
    process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  );
  try {
    await bench.run();
  } catch (error) {
    if (aborting) return; // abort() is cleaning up and exits
    console.error(`bench failed: ${(error as Error).message}`);
    await bench.clean();
    process.exit(1);
  }
  await bench.clean();
  // Node writes a process's profile as it exits: only now, after the gateway stopped.
  if (p.cpuProf) {
    const profiles = readProfiles(PROFILE_DIR);
    console.log(`\n${formatProfiles(profiles, relative(ROOT, PROFILE_DIR))}`);
    const file = join(RESULTS_DIR, 'latest.json');
    const result = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, `${JSON.stringify({ ...result, profiles }, null, 2)}\n`);
  }
  process.exit(0);
}

void main();
