import type { CarrierCheck } from './carrier.js';
import type { CpuUsage } from './cpu.js';
import type { EndToEnd, FleetBalance } from './events.js';
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
            c.exactlyOnce ? 'yes' : 'NO',
          ];
        }),
        new Set([1, 2, 3, 4, 5, 6, 7]),
      ),
    );
    for (const s of carriers) {
      const c = s.carrier!;
      if (!c.exactlyOnce || c.refused > 0 || c.toPhones > 0 || c.binds !== 1) {
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
