import { parseArgs } from 'node:util';

/** The load scenarios, in the order they run. */
export const SCENARIOS = ['probe', 'single', 'batch', 'fleet', 'carrier'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface BenchParams {
  /** Seconds of load per scenario (single, batch). */
  durationS: number;
  agents: number;
  connections: number;
  batchSize: number;
  /** Seconds of unmeasured load before the first scenario, so the gateway's JIT is warm. */
  warmupS: number;
  /** The longest wait for a scenario's messages to leave `queued`/`sending` before counting. */
  drainTimeoutS: number;
  /** The low-load probe: messages per second and seconds. */
  probeRate: number;
  probeDurationS: number;
  /** Headless phones of the fleet scenario, in a second child process; 0 skips the scenario. */
  fleetAgents: number;
  /** The fleet scenario's load: single POSTs (default) or /batch requests of batchSize. */
  fleetLoad: 'single' | 'batch';
  /** Numbers imported into the account's suppression list before the scenarios; 0 skips (issue 7). */
  suppressions: number;
  /** POST /v1/messages to suppressed numbers in the `suppressed` scenario; 0 skips it. */
  suppressedSends: number;
  /** Recipients of the campaign import measured (issue 19), after one a tenth its size; 0 skips the campaign steps. */
  campaignRecipients: number;
  /** Messages per minute of the paced campaign, and the seconds its pace is measured over; pace 0 skips it. */
  campaignPace: number;
  campaignPaceSeconds: number;
  /** The carrier scenario's load (issue 8): /batch requests of batchSize (default), single POSTs, or off. */
  carrierLoad: 'batch' | 'single' | 'off';
  /** The SMPP carrier's window (submit_sm unanswered at once) and submits per second. */
  carrierWindow: number;
  carrierTps: number;
  /** Messages the account is filled to before the console's reads are timed (issue 16); 0 skips. */
  consoleMessages: number;
  /** A peer measured the same way in the same run (issue 18): none, or Kannel from Debian's packages. */
  peer: 'none' | 'kannel';
  /** The gateway's API_PROCESSES; undefined leaves it to the environment (default 1). */
  apiProcesses?: number;
  /** Minutes of steady /batch load with the gateway's memory sampled; 0 skips the soak. */
  soakMinutes: number;
  /** The soak's messages a second (requests of batchSize). */
  soakRate: number;
  /** Run the gateway under Node's --cpu-prof and summarise where its time went. */
  cpuProf: boolean;
  /** The load scenarios to run (default all); the others are reported as skipped. */
  scenarios: ReadonlySet<Scenario>;
  quick: boolean;
}

export const USAGE = `npm run bench -- [options]

  --duration S        seconds of load per scenario (default 10; 3 with --quick)
  --agents N          headless phones, all in one child process (default 4)
  --connections C     keep-alive HTTP connections of the load tool (default 50)
  --batch-size B      messages per POST /v1/messages/batch (default 100)
  --warmup S          unmeasured load before the first scenario (default 2; 1 with --quick)
  --drain-timeout S   longest wait for a scenario's messages to be sent (default 60; 30 with --quick;
                      the carrier scenario waits 3 × S)
  --probe-rate R      messages per second of the below-saturation probe (default 20)
  --probe-duration S  seconds of the probe (default 5; 3 with --quick)
  --fleet-agents N    headless phones of the fleet scenario, in a second child process
                      (default 100; 20 with --quick; 0 skips the scenario)
  --fleet-load L      the fleet scenario's load: single (POST /v1/messages, default) or batch
  --suppressions N    numbers imported into the suppression list before the scenarios
                      (default 100000; 10000 with --quick; 0 skips the import and the suppressed scenario)
  --suppressed-sends N
                      POST /v1/messages to suppressed numbers in the suppressed scenario
                      (default 2000, from 10 connections; 0 skips the scenario)
  --campaign-recipients N
                      recipients of a campaign uploaded as CSV and launched, timed with the gateway's
                      memory sampled, after one of N/10 (default 100000; 10000 with --quick; 0 skips
                      the campaign steps)
  --campaign-pace P   messages per minute of a campaign run against the phones to measure its pacing
                      (default 600; 0 skips it)
  --campaign-pace-seconds S
                      seconds the pacing is measured over (default 60; 10 with --quick)
  --carrier-load L    the carrier scenario (issue 8, a simulated SMSC): batch (POST /v1/messages/batch,
                      default), single (POST /v1/messages) or off (skips it)
  --carrier-window W  the SMPP carrier's window: submit_sm unanswered at once (default 50)
  --carrier-tps T     the SMPP carrier's submits per second (default 10000, the most it takes)
  --console-messages N
                      fill the account to N messages (SQL) and time the console's pages' queries
                      (default 100000; 10000 with --quick; 0 skips)
  --peer P            also measure a peer the same way in the same run, after the load scenarios:
                      none (default) or kannel (Debian's kannel and kannel-extras packages, downloaded
                      with apt-get download and unpacked under $TMPDIR/smsgw-bench-kannel; its sendsms
                      from the same connections for the same duration, its fake SMSC as the carrier);
                      prints ours, Kannel's and ours ÷ Kannel for ingest and end to end
  --api-processes N   the gateway's API_PROCESSES: api processes sharing the port, beside one worker
                      process (default: API_PROCESSES from the environment, else 1;
                      1 is one process of both roles)
  --soak M            after the scenarios, M minutes of POST /v1/messages/batch at --soak-rate with the
                      gateway's resident memory sampled every 5 s: start, max, end and the slope after
                      the first minute, checked against 400 MiB and a drift under 10 % (default 0: no soak)
  --soak-rate R       the soak's messages a second, sent as requests of --batch-size (default 500)
  --cpu-prof          run the gateway under Node's --cpu-prof (one profile per process, written when it
                      exits, in bench/results/profiles/) and print its self time by source and by function
  --scenarios LIST    the load scenarios to run, comma-separated: probe, single, batch, fleet, carrier
                      (default all; the others are reported as skipped): with --cpu-prof, one scenario's profile
  --quick             a short smoke run (not a measurement of the targets)
  --help

PostgreSQL and Redis are taken from DATABASE_URL and REDIS_URL (defaults: the local services).`;

export class UsageError extends Error {}

function positiveInt(name: string, raw: string | undefined, fallback: number, max: number, min = 1): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max} (got ${raw})`);
  }
  return value;
}

/** Returns undefined when --help was asked for. */
export function parseBenchArgs(argv: string[]): BenchParams | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        duration: { type: 'string' },
        agents: { type: 'string' },
        connections: { type: 'string' },
        'batch-size': { type: 'string' },
        warmup: { type: 'string' },
        'drain-timeout': { type: 'string' },
        'probe-rate': { type: 'string' },
        'probe-duration': { type: 'string' },
        'fleet-agents': { type: 'string' },
        'fleet-load': { type: 'string' },
        suppressions: { type: 'string' },
        'suppressed-sends': { type: 'string' },
        'campaign-recipients': { type: 'string' },
        'campaign-pace': { type: 'string' },
        'campaign-pace-seconds': { type: 'string' },
        'carrier-load': { type: 'string' },
        'carrier-window': { type: 'string' },
        'carrier-tps': { type: 'string' },
        'console-messages': { type: 'string' },
        peer: { type: 'string' },
        'api-processes': { type: 'string' },
        soak: { type: 'string' },
        'soak-rate': { type: 'string' },
        'cpu-prof': { type: 'boolean', default: false },
        scenarios: { type: 'string' },
        quick: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  if (v.help) return undefined;
  const quick = v.quick;
  const fleetLoad = v['fleet-load'] ?? 'single';
  if (fleetLoad !== 'single' && fleetLoad !== 'batch') {
    throw new UsageError(`--fleet-load must be single or batch (got ${fleetLoad})`);
  }
  const carrierLoad = v['carrier-load'] ?? 'batch';
  if (carrierLoad !== 'batch' && carrierLoad !== 'single' && carrierLoad !== 'off') {
    throw new UsageError(`--carrier-load must be batch, single or off (got ${carrierLoad})`);
  }
  const peer = v.peer ?? 'none';
  if (peer !== 'none' && peer !== 'kannel') {
    throw new UsageError(`--peer must be none or kannel (got ${peer})`);
  }
  const scenarios = new Set<Scenario>();
  for (const name of (v.scenarios ?? SCENARIOS.join(',')).split(',').map((n) => n.trim())) {
    if (!(SCENARIOS as readonly string[]).includes(name)) {
      throw new UsageError(`--scenarios takes ${SCENARIOS.join(', ')}, comma-separated (got ${v.scenarios})`);
    }
    scenarios.add(name as Scenario);
  }
  return {
    durationS: positiveInt('duration', v.duration, quick ? 3 : 10, 600),
    agents: positiveInt('agents', v.agents, 4, 200),
    connections: positiveInt('connections', v.connections, 50, 1000),
    // DESIGN.md §3: a batch holds at most 1,000 messages.
    batchSize: positiveInt('batch-size', v['batch-size'], 100, 1000),
    warmupS: positiveInt('warmup', v.warmup, quick ? 1 : 2, 60),
    drainTimeoutS: positiveInt('drain-timeout', v['drain-timeout'], quick ? 30 : 60, 600),
    probeRate: positiveInt('probe-rate', v['probe-rate'], 20, 1000),
    probeDurationS: positiveInt('probe-duration', v['probe-duration'], quick ? 3 : 5, 120),
    fleetAgents: positiveInt('fleet-agents', v['fleet-agents'], quick ? 20 : 100, 500, 0),
    fleetLoad,
    // The import's body limit is 100 MiB, 15 bytes a number: about 7 million.
    suppressions: positiveInt('suppressions', v.suppressions, quick ? 10_000 : 100_000, 5_000_000, 0),
    suppressedSends: positiveInt('suppressed-sends', v['suppressed-sends'], 2000, 100_000, 0),
    // A campaign takes at most 1,000,000 recipients (src/modules/campaigns/recipients-import.ts).
    campaignRecipients: positiveInt(
      'campaign-recipients',
      v['campaign-recipients'],
      quick ? 10_000 : 100_000,
      1_000_000,
      0,
    ),
    // The gateway's limit for a campaign's pace (CreateCampaignDto).
    campaignPace: positiveInt('campaign-pace', v['campaign-pace'], 600, 60_000, 0),
    campaignPaceSeconds: positiveInt('campaign-pace-seconds', v['campaign-pace-seconds'], quick ? 10 : 60, 600),
    carrierLoad,
    // The gateway's limits for an SMPP carrier (SmppConfigDto).
    carrierWindow: positiveInt('carrier-window', v['carrier-window'], 50, 1000),
    carrierTps: positiveInt('carrier-tps', v['carrier-tps'], 10_000, 10_000),
    consoleMessages: positiveInt('console-messages', v['console-messages'], quick ? 10_000 : 100_000, 5_000_000, 0),
    peer,
    // The gateway's own limits for API_PROCESSES (src/config/app-config.ts).
    ...(v['api-processes'] !== undefined
      ? { apiProcesses: positiveInt('api-processes', v['api-processes'], 1, 64) }
      : {}),
    soakMinutes: positiveInt('soak', v.soak, 0, 120, 0),
    soakRate: positiveInt('soak-rate', v['soak-rate'], 500, 100_000),
    cpuProf: v['cpu-prof'],
    scenarios,
    quick,
  };
}
