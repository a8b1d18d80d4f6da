import { readdirSync, readFileSync } from 'node:fs';

// Linux reports process times in USER_HZ ticks, which the kernel's ABI fixes at 100 per second
// on the architectures we run on (sysconf(_SC_CLK_TCK) is not reachable from Node).
export const TICKS_PER_SECOND = 100;

/** CPU use over a window, in percent of one core (200% = both cores of a 2-core machine). */
export interface CpuUsage {
  seconds: number;
  /** The gateway's processes together (its primary and children under API_PROCESSES). */
  gateway: number | null;
  agents: number | null;
  /** The test SMSC (the carrier scenario only; null elsewhere). */
  smsc: number | null;
  /** This process: the load tool (autocannon) and the bench's own queries. */
  loadTool: number | null;
  /** PostgreSQL backends connected to the bench database. */
  postgresBench: number | null;
  /** Every PostgreSQL process (other users of the server and its background workers included). */
  postgresAll: number | null;
  redis: number | null;
  /** All processes on the machine; minus the rows above, what others were doing. */
  machine: number | null;
  machineCores: number;
}

export interface CpuGroups {
  gateway?: number;
  agents?: number;
  smsc?: number;
  /** Resolved at the start and the end of the window (pools grow). */
  postgresBench: () => Promise<number[]>;
}

type Ticks = Map<number, number>;

export function processTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime (fields 14 and 15 of proc(5)) cover every thread of the process.
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

function pidsNamed(name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** `pid` and every process below it (the gateway's primary and the children it forked). */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

export function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

function snapshot(pids: number[]): Ticks {
  const ticks: Ticks = new Map();
  for (const pid of pids) {
    const t = processTicks(pid);
    if (t !== undefined) ticks.set(pid, t);
  }
  return ticks;
}

/** Ticks spent between two snapshots; a process that appeared meanwhile counts from zero. */
function spent(before: Ticks, after: Ticks): number {
  let sum = 0;
  for (const [pid, t] of after) sum += t - (before.get(pid) ?? 0);
  return sum;
}

/** Samples /proc at the start and the end of a window; null everywhere when /proc is not there. */
export class CpuSampler {
  private start?: {
    at: number;
    groups: Record<'gateway' | 'agents' | 'smsc' | 'loadTool' | 'postgresBench' | 'postgresAll' | 'redis', Ticks>;
    machine: { busy: number; total: number };
  };

  constructor(
    private readonly groups: CpuGroups,
    private readonly cores: number,
  ) {}

  private async take() {
    const single = (pid: number | undefined) => snapshot(pid === undefined ? [] : [pid]);
    return {
      at: performance.now(),
      groups: {
        // Under API_PROCESSES the gateway is a primary and its children.
        gateway: snapshot(this.groups.gateway === undefined ? [] : processTree(this.groups.gateway)),
        agents: single(this.groups.agents),
        smsc: single(this.groups.smsc),
        loadTool: single(process.pid),
        postgresBench: snapshot(await this.groups.postgresBench().catch(() => [])),
        postgresAll: snapshot(pidsNamed('postgres')),
        redis: snapshot(pidsNamed('redis-server')),
      },
      machine: machineTicks(),
    };
  }

  async begin(): Promise<void> {
    try {
      this.start = await this.take();
    } catch {
      this.start = undefined;
    }
  }

  async end(): Promise<CpuUsage | null> {
    if (!this.start) return null;
    let now;
    try {
      now = await this.take();
    } catch {
      return null;
    }
    const seconds = (now.at - this.start.at) / 1000;
    const percent = (ticks: number) => Math.round((ticks / TICKS_PER_SECOND / seconds) * 100);
    const group = (name: keyof typeof now.groups) =>
      now.groups[name].size === 0 ? null : percent(spent(this.start!.groups[name], now.groups[name]));
    const machineTotal = now.machine.total - this.start.machine.total;
    return {
      seconds: Math.round(seconds * 10) / 10,
      gateway: group('gateway'),
      agents: group('agents'),
      smsc: group('smsc'),
      loadTool: group('loadTool'),
      postgresBench: group('postgresBench'),
      postgresAll: group('postgresAll'),
      redis: group('redis'),
      machine:
        machineTotal > 0
          ? Math.round(((now.machine.busy - this.start.machine.busy) / machineTotal) * this.cores * 100)
          : null,
      machineCores: this.cores,
    };
  }
}
