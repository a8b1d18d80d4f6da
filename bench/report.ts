import type { CarrierCheck } from './carrier.js';
import type { CpuUsage } from './cpu.js';
import type { EndToEnd, FleetBalance } from './events.js';
import type { KannelResult } from './kannel.js';
import type { LoadResult } from './load.js';
import type { SuppressedResult, SuppressionImport } from './suppression.js';

export type ScenarioName = 'single' | 'batch' | 'probe' | 'fleet' | 'carrier';

export interface ScenarioResult {
  name: ScenarioName;
  description: string;
  /** Why the scenario did not run (e.g. the endpoint does not exist yet). */
  skipped?: string;
  /** Messages of earlier scenarios not yet sent when this one started (0 unless one did not drain). */
  backlogAtStart?: number;
  load?: LoadResult;
  e2e?: EndToEnd;
  /** CPU during the load (not the drain), in percent of one core. */
  cpu?: CpuUsage | null;
  /** CPU while the scenario drained (the carrier scenario only): the carrier path working through the backlog. */
  cpuDrain?: CpuUsage | null;
  /** The fleet scenario only: how its messages were spread over its phones. */
  fleet?: FleetBalance;
  /** The carrier scenario only: what the SMSC received, checked against the stored messages. */
  carrier?: CarrierCheck;
}

/** Issue 7: the list imported before the scenarios, and the sends to numbers on it. */
export interface SuppressionReport {
  import: SuppressionImport | { skipped: string };
  suppressed: SuppressedResult | { skipped: string };
}

export interface TargetCheck {
  description: string;
  scenario: ScenarioName;
  metric: string;
  unit: string;
  op: '>=' | '<=' | '<';
  target: number;
  measured: number | null;
  /** null when the scenario did not run. */
  met: boolean | null;
}

type TargetSpec = Omit<TargetCheck, 'measured' | 'met'> & { read: (s: ScenarioResult) => number | null | undefined };

// Issue 4, "Benchmark": the numbers to reach on this 2-core machine with everything on it.
const TARGETS: TargetSpec[] = [
  {
    description: 'single POST /v1/messages, 50 keep-alive clients: ingest',
    scenario: 'single',
    metric: 'ingestPerS',
    unit: 'msg/s',
    op: '>=',
    target: 7000,
    read: (s) => s.load?.ingestPerS,
  },
  {
    description: 'single POST /v1/messages, 50 keep-alive clients: API p99',
    scenario: 'single',
    metric: 'latencyMs.p99',
    unit: 'ms',
    op: '<=',
    target: 20,
    read: (s) => s.load?.latencyMs.p99,
  },
  {
    description: 'POST /v1/messages/batch: ingest',
    scenario: 'batch',
    metric: 'ingestPerS',
    unit: 'msg/s',
    op: '>=',
    target: 45000,
    read: (s) => s.load?.ingestPerS,
  },
  {
    description: 'end to end through /batch (accepted → a phone has it)',
    scenario: 'batch',
    metric: 'e2e.e2ePerS',
    unit: 'msg/s',
    op: '>=',
    target: 11000,
    read: (s) => s.e2e?.e2ePerS,
  },
  {
    description: 'API → phone p99 below saturation',
    scenario: 'probe',
    metric: 'e2e.apiToPhoneMs.p99',
    unit: 'ms',
    op: '<',
    target: 50,
    read: (s) => s.e2e?.apiToPhoneMs.p99,
  },
];

function compare(op: TargetCheck['op'], measured: number, target: number): boolean {
  switch (op) {
    case '>=':
      return measured >= target;
    case '<=':
      return measured <= target;
    case '<':
      return measured < target;
  }
}

export function checkTargets(scenarios: ScenarioResult[]): TargetCheck[] {
  return TARGETS.map(({ read, ...spec }) => {
    const scenario = scenarios.find((s) => s.name === spec.scenario);
    const value = scenario && !scenario.skipped ? read(scenario) : undefined;
    const measured = value === undefined || value === null ? null : Math.round(value * 10) / 10;
    return { ...spec, measured, met: measured === null ? null : compare(spec.op, measured, spec.target) };
  });
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number | null | undefined) => (n === null || n === undefined ? '-' : `${n}`);
const pair = (p: { p50: number | null; p99: number | null } | undefined) => (p ? `${ms(p.p50)} / ${ms(p.p99)}` : '-');

function table(header: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function formatSuppression(report: SuppressionReport): string[] {
  const out = ['', 'Suppression list (issue 7; single, batch and fleet sends are checked against it too):'];
  const cpu = (c: CpuUsage | null) =>
    c
      ? `; CPU gateway ${c.gateway ?? '-'}%, pg (bench db) ${c.postgresBench ?? '-'}%, machine ${c.machine ?? '-'}%`
      : '';
  const i = report.import;
  if ('skipped' in i) {
    out.push(`  import: skipped (${i.skipped})`);
  } else {
    out.push(
      `  import: ${int(i.rows)} numbers (${int(i.bytes / 1024)} KiB of CSV, streamed) in ${i.durationS} s = ` +
        `${int(i.rowsPerS)} rows/s; the list holds ${int(i.listSize)}${cpu(i.cpu)}`,
    );
  }
  const s = report.suppressed;
  if ('skipped' in s) {
    out.push(`  suppressed: skipped (${s.skipped})`);
    return out;
  }
  out.push(
    `  suppressed: ${int(s.requests)} × POST /v1/messages to ${int(s.distinctNumbers)} numbers on the list, ` +
      `${s.connections} connections: ${int(s.requestsPerS)} req/s, ` +
      `API p50 / p99 / max ${s.latencyMs.p50} / ${s.latencyMs.p99} / ${s.latencyMs.max} ms${cpu(s.cpu)}`,
  );
  out.push(
    s.allOptedOut && s.storedToPicked === 0 && s.storedDuringScenario === 0
      ? '  every answer 422 RECIPIENT_OPTED_OUT, no message stored'
      : `! suppressed: status codes ${JSON.stringify(s.statusCodes)}, problem codes ${JSON.stringify(s.codes)}, ` +
          `${s.errors} connection errors; ${int(s.storedToPicked)} messages stored to the suppressed numbers, ` +
          `${int(s.storedDuringScenario)} created during the scenario (both should be 0)`,
  );
  return out;
}

export function formatReport(
  scenarios: ScenarioResult[],
  targets: TargetCheck[],
  suppression?: SuppressionReport,
): string {
  const header = [
    'scenario',
    'msg/s',
    'API p50 ms',
    'API p99 ms',
    'errors',
    'e2e msg/s',
    'API→phone p50/p99 ms',
    'API→sent p50/p99 ms',
    'not sent',
  ];
  const rows = scenarios.map((s) => {
    if (s.skipped || !s.load) return [s.name, `skipped: ${s.skipped ?? 'no result'}`, '', '', '', '', '', '', ''];
    const l = s.load;
    const e = s.e2e;
    return [
      s.name,
      int(l.ingestPerS),
      ms(l.latencyMs.p50),
      ms(l.latencyMs.p99),
      int(l.non2xx + l.errors),
      e ? int(e.e2ePerS) : '-',
      pair(e?.apiToPhoneMs),
      pair(e?.apiToSentMs),
      e ? `${int(e.notSent)}${e.drained ? '' : ' (timeout)'}` : '-',
    ];
  });
  const out = [table(header, rows, new Set([1, 2, 3, 4, 5, 6, 7, 8]))];

  const notes: string[] = [];
  for (const s of scenarios) {
    if (!s.load || !s.e2e) continue;
    if (s.load.non2xx > 0 || s.load.errors > 0) {
      notes.push(
        `${s.name}: status codes ${JSON.stringify(s.load.statusCodes)}, ${s.load.errors} connection errors (${s.load.timeouts} timeouts)`,
      );
    }
    if (s.backlogAtStart) {
      notes.push(`${s.name}: started behind ${int(s.backlogAtStart)} unsent messages of earlier scenarios`);
    }
    if (s.e2e.stored !== s.load.acceptedMessages) {
      notes.push(
        `${s.name}: the load tool saw ${int(s.load.acceptedMessages)} messages accepted (2xx × ${s.load.itemsPerRequest}), ` +
          `the database holds ${int(s.e2e.stored)} (requests in flight when it stopped were committed too)`,
      );
    }
    if (s.e2e.failed > 0) notes.push(`${s.name}: ${int(s.e2e.failed)} messages failed or expired`);
    if (!s.e2e.drained) {
      notes.push(
        `${s.name}: not drained after ${s.e2e.drainWaitS} s: ${int(s.e2e.stillQueued)} still queued, ` +
          `${int(s.e2e.notSent)} not sent`,
      );
    }
  }
  if (notes.length > 0) out.push('', ...notes.map((n) => `! ${n}`));
  if (suppression) out.push(...formatSuppression(suppression));

  const fleets = scenarios.filter((s) => s.fleet && s.e2e);
  if (fleets.length > 0) {
    out.push(
      '',
      'Fleet: messages handed to each phone (its `sending` events); sent msg/s = messages `sent` ÷ the time from the load start to the last `sent`:',
    );
    out.push(
      table(
        ['scenario', 'phones', 'with work', 'messages per phone min / median / max', 'mean', 'sent msg/s'],
        fleets.map((s) => {
          const f = s.fleet!;
          return [
            s.name,
            int(f.devices),
            int(f.devicesWithWork),
            `${int(f.perDevice.min)} / ${f.perDevice.p50 === null ? '-' : int(f.perDevice.p50)} / ${int(f.perDevice.max)}`,
            `${f.perDevice.mean}`,
            int(s.e2e!.sentPerS),
          ];
        }),
        new Set([1, 2, 3, 4, 5]),
      ),
    );
    for (const s of fleets) {
      if (s.fleet!.outsideFleet > 0) {
        out.push(`! ${s.name}: ${int(s.fleet!.outsideFleet)} messages went to phones outside the fleet`);
      }
    }
  }

  const carriers = scenarios.filter((s) => s.carrier && s.e2e);
  if (carriers.length > 0) {
    out.push(
      '',
      'Carrier (issue 8): one SMPP carrier bound to the test SMSC (its own process); sent msg/s = messages `sent` ' +
        '(the submit_sm_resp) ÷ the time from the load start to the last `sent`; e2e msg/s and API→phone above mean ' +
        'handed to the carrier:',
    );
    out.push(
      table(
        [
          'scenario',
          'window',
          'tps',
          'submits',
          'accepted',
          'sent via carrier',
          'sent msg/s',
          'API→sent p50/p99 ms',
          'exactly once',
        ],
        carriers.map((s) => {
          const c = s.carrier!;
          return [
            s.name,
            int(c.windowSize),
            int(c.tps),
            int(c.submits),
            int(c.accepted),
            int(c.sentViaCarrier),
            int(s.e2e!.sentPerS),
            pair(s.e2e!.apiToSentMs),
            c.exactlyOnce === null ? 'not drained' : c.exactlyOnce ? 'yes' : 'NO',
          ];
        }),
        new Set([1, 2, 3, 4, 5, 6, 7]),
      ),
    );
    for (const s of carriers) {
      const c = s.carrier!;
      if (c.exactlyOnce === false || c.refused > 0 || c.toPhones > 0 || c.binds !== 1) {
        out.push(
          `! ${s.name}: ${int(c.accepted)} submits accepted and ${int(c.refused)} refused by the SMSC, ` +
            `${int(c.sentViaCarrier)} messages sent via the carrier, ${int(c.submittedTwice)} submitted more than once, ` +
            `${int(c.unknownIds)} SMSC ids unknown to the gateway, ${int(c.foreignNumbers)} to other numbers, ` +
            `${int(c.toPhones)} handed to phones; ${c.binds} binds`,
        );
      }
    }
  }

  out.push(
    '',
    'CPU during the load (and the drain where a row says so), % of one core (ps-style; machine total includes everything else running):',
  );
  const cpuRows = scenarios
    .flatMap((s) => [
      { name: s.name, c: s.cpu },
      { name: `${s.name} (drain)`, c: s.cpuDrain },
    ])
    .filter((r): r is { name: string; c: CpuUsage } => !!r.c)
    .map(({ name, c }) => {
      const p = (v: number | null) => (v === null ? '-' : `${v}%`);
      return [
        name,
        p(c.gateway),
        p(c.agents),
        p(c.smsc),
        p(c.loadTool),
        p(c.postgresBench),
        p(c.postgresAll),
        p(c.redis),
        `${p(c.machine)} of ${c.machineCores * 100}%`,
      ];
    });
  out.push(
    table(
      ['scenario', 'gateway', 'agents', 'smsc', 'load tool', 'pg (bench db)', 'pg (all)', 'redis', 'machine'],
      cpuRows,
      new Set([1, 2, 3, 4, 5, 6, 7, 8]),
    ),
  );

  out.push('', 'Targets (issue 4):');
  out.push(
    table(
      ['target', 'wanted', 'measured', 'met'],
      targets.map((t) => [
        t.description,
        `${t.op} ${int(t.target)} ${t.unit}`,
        t.measured === null ? '-' : `${t.unit === 'ms' ? t.measured : int(t.measured)} ${t.unit}`,
        t.met === null ? 'not measured' : t.met ? 'met' : 'NOT met',
      ]),
      new Set([2]),
    ),
  );
  return out.join('\n');
}

/** One row of the peer table (issue 18): the gateway's number, the peer's, and ours ÷ theirs. */
export interface PeerRow {
  measure: string;
  unit: 'msg/s' | 'ms';
  /** Where our number comes from (the scenario and what it measured). */
  oursFrom: string;
  ours: number | null;
  peer: number | null;
  /** ours ÷ peer, 3 significant digits; null when either is missing. For msg/s above 1 is better, for ms below 1. */
  ratio: number | null;
}

/**
 * Ingest against our single scenario (one message per request, the same connections and duration);
 * end to end against the carrier scenario (to an SMSC, like Kannel to its fake SMSC) and the fleet
 * scenario (to phones), both counted at `sent`: the SMSC or the phone has taken the message.
 */
export function peerComparison(scenarios: ScenarioResult[], kannel: KannelResult): PeerRow[] {
  const ran = (name: ScenarioName) => scenarios.find((s) => s.name === name && !s.skipped && s.load);
  const single = ran('single');
  const carrier = ran('carrier');
  const fleet = ran('fleet');
  const row = (
    measure: string,
    unit: PeerRow['unit'],
    oursFrom: string,
    ours: number | null | undefined,
    peer: number,
  ): PeerRow => {
    const o = ours === undefined || ours === null ? null : Math.round(ours * 10) / 10;
    return {
      measure,
      unit,
      oursFrom,
      ours: o,
      peer,
      ratio: o === null || peer <= 0 ? null : Number((o / peer).toPrecision(3)),
    };
  };
  const carrierLoad = carrier?.load?.itemsPerRequest === 1 ? 'single POSTs' : '/batch';
  return [
    row('ingest', 'msg/s', 'single: POST /v1/messages', single?.load?.ingestPerS, kannel.load.ingestPerS),
    row('ingest API p50', 'ms', 'single', single?.load?.latencyMs.p50, kannel.load.latencyMs.p50),
    row('ingest API p99', 'ms', 'single', single?.load?.latencyMs.p99, kannel.load.latencyMs.p99),
    row(
      'end to end, to an SMSC',
      'msg/s',
      carrier ? `carrier: ${carrierLoad} → SMPP carrier → test SMSC, sent` : 'carrier (did not run)',
      carrier?.e2e?.sentPerS,
      kannel.e2ePerS,
    ),
    row(
      'end to end, to phones',
      'msg/s',
      fleet
        ? `fleet: ${fleet.load?.itemsPerRequest === 1 ? 'single POSTs' : '/batch'} → ${fleet.fleet?.devices ?? '?'} phones, sent`
        : 'fleet (did not run)',
      fleet?.e2e?.sentPerS,
      kannel.e2ePerS,
    ),
  ];
}

export function formatPeer(kannel: KannelResult, rows: PeerRow[]): string {
  const value = (r: PeerRow, n: number | null) => (n === null ? '-' : r.unit === 'ms' ? `${n} ms` : `${int(n)} msg/s`);
  const out = [
    `Peer (issue 18): Kannel ${kannel.version} from Debian's packages, after the scenarios above, same load tool: ` +
      `GET /cgi-bin/sendsms, ${kannel.connections} connections, ${kannel.load.durationS} s; its end to end is ` +
      'sendsms → bearerbox (store file) → fakesmsc, counted at the fake SMSC. The ratio is the figure to report:',
    table(
      ['measure', 'ours', 'Kannel', 'ours ÷ Kannel', 'ours from'],
      rows.map((r) => [
        r.measure,
        value(r, r.ours),
        value(r, r.peer),
        r.ratio === null ? '-' : String(r.ratio),
        r.oursFrom,
      ]),
      new Set([1, 2, 3]),
    ),
    '(for msg/s a ratio above 1 is ours ahead; for ms, below 1)',
  ];
  const c = kannel.cpu;
  if (c) {
    const p = (v: number | null) => (v === null ? '-' : `${v}%`);
    out.push(
      `Kannel's CPU during its load, % of one core: bearerbox ${p(c.bearerbox)}, smsbox ${p(c.smsbox)}, ` +
        `fakesmsc ${p(c.fakesmsc)}, load tool ${p(c.loadTool)}, machine ${p(c.machine)} of ${c.machineCores * 100}%`,
    );
  }
  const l = kannel.load;
  if (l.non2xx > 0 || l.errors > 0) {
    out.push(
      `! kannel: status codes ${JSON.stringify(l.statusCodes)}, ${l.errors} connection errors (${l.timeouts} timeouts)`,
    );
  }
  if (!kannel.drained || kannel.delivered < l.requests2xx) {
    out.push(
      `! kannel: ${int(l.requests2xx)} accepted, ${int(kannel.delivered)} reached the fake SMSC` +
        (kannel.drained ? '' : ` (not drained after ${kannel.drainWaitS} s)`),
    );
  }
  if (kannel.fakesmscReported !== null && kannel.fakesmscReported !== kannel.receivedTotal) {
    out.push(
      `! kannel: fakesmsc reported ${int(kannel.fakesmscReported)} messages received, the bench counted ${int(kannel.receivedTotal)}`,
    );
  }
  return out.join('\n');
}
