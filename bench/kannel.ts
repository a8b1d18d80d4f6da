// `npm run bench -- --peer kannel` (issue 18): Kannel, the C gateway people pick for volume, measured
// the same way in the same run. Debian's `kannel` and `kannel-extras` packages (bearerbox, smsbox and
// the fake SMSC) are downloaded with `apt-get download` and unpacked into a folder of their own (no
// root, nothing installed system-wide), with the libraries they need that this machine lacks beside them.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { freePort } from './children.js';
import { machineTicks, processTicks, TICKS_PER_SECOND } from './cpu.js';

const run = promisify(execFile);

/** What --peer kannel installs: the gateway (bearerbox, smsbox) and the fake SMSC (kannel-extras). */
export const KANNEL_PACKAGES = ['kannel', 'kannel-extras'] as const;
/** Where the unpacked packages stay between runs (a second run starts without downloading). */
export const KANNEL_CACHE = join(tmpdir(), 'smsgw-bench-kannel');
/** The one sendsms request of the load: one message, one recipient (as the gateway's single send). */
export const SENDSMS_PATH =
  '/cgi-bin/sendsms?username=bench&password=bench&from=12345&to=4915123456789&text=Benchmark+message+from+npm+run+bench';

export interface KannelInstall {
  root: string;
  /** The kannel package's Debian version, e.g. 1.4.5-12. */
  version: string;
  /** Libraries downloaded beside Kannel because this machine lacked them. */
  addedLibraries: string[];
  env: NodeJS.ProcessEnv;
  bearerbox: string;
  smsbox: string;
  fakesmsc: string;
}

/** A clear refusal: what --peer kannel needs and what is missing, without a stack trace's noise. */
export class KannelUnavailable extends Error {}

function stderrOf(error: unknown): string {
  const e = error as { stderr?: string | Buffer; message?: string };
  const text = e.stderr?.toString().trim();
  return text || (e.message ?? String(error));
}

async function tool(command: string, what: string): Promise<void> {
  try {
    await run(command, ['--version'], { timeout: 10_000 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new KannelUnavailable(
        `--peer kannel installs Debian's ${KANNEL_PACKAGES.join(' and ')} packages with apt-get download and ` +
          `dpkg-deb, and this machine has no ${what} (\`${command}\` was not found): it needs Debian or a ` +
          'derivative (Ubuntu) with its package lists. Run the bench without --peer (the default, --peer none)',
      );
    }
    throw error;
  }
}

async function download(aptGet: string, packages: string[], dir: string, why: string): Promise<void> {
  try {
    await run(aptGet, ['download', ...packages], { cwd: dir, timeout: 180_000 });
  } catch (error) {
    throw new KannelUnavailable(
      `--peer kannel could not download ${why} (${packages.join(', ')}) with \`apt-get download\`: ` +
        `${stderrOf(error)}\nIt needs the network and the package lists (as root: apt-get update)`,
    );
  }
}

/**
 * The libraries a package depends on, from its Depends field: for each dependency the first
 * alternative, without version or architecture. Only libraries: the rest (adduser, lsb-base, perl)
 * serves the packaged service's scripts, not the binaries the bench runs.
 */
export function libraryDependencies(depends: string): string[][] {
  return depends
    .split(',')
    .map((group) =>
      group
        .split('|')
        .map((alt) => alt.trim().split(/[\s(:]/)[0])
        .filter(Boolean),
    )
    .filter((alts) => alts.length > 0 && alts[0].startsWith('lib'));
}

async function installed(name: string): Promise<boolean> {
  try {
    const { stdout } = await run('dpkg-query', ['-W', '-f=${db:Status-Abbrev}', name]);
    return stdout.startsWith('ii');
  } catch {
    return false;
  }
}

function libraryDirs(root: string): string[] {
  const dirs: string[] = [];
  for (const base of ['usr/lib', 'lib']) {
    const path = join(root, base);
    if (!existsSync(path)) continue;
    for (const entry of readdirSync(path)) if (entry.includes('-linux-gnu')) dirs.push(join(path, entry));
  }
  return dirs;
}

function installFrom(root: string, info: { version: string; addedLibraries: string[] }): KannelInstall {
  const env = {
    ...process.env,
    LD_LIBRARY_PATH: [...libraryDirs(root), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
  };
  return {
    root,
    ...info,
    env,
    bearerbox: join(root, 'usr/sbin/bearerbox'),
    smsbox: join(root, 'usr/sbin/smsbox'),
    fakesmsc: join(root, 'usr/lib/kannel/test/fakesmsc'),
  };
}

/**
 * Downloads and unpacks Kannel once into `cacheDir` (later runs reuse it), with the libraries of its
 * Depends that this machine does not have; checks with ldd that every library of the three
 * binaries is found. Throws KannelUnavailable naming what is missing.
 */
export async function installKannel(
  options: { cacheDir?: string; aptGet?: string; log?: (line: string) => void } = {},
): Promise<KannelInstall> {
  const cacheDir = options.cacheDir ?? KANNEL_CACHE;
  const aptGet = options.aptGet ?? 'apt-get';
  const root = join(cacheDir, 'root');
  const ready = join(cacheDir, 'ready.json');
  if (existsSync(ready) && existsSync(join(root, 'usr/sbin/bearerbox'))) {
    return installFrom(root, JSON.parse(readFileSync(ready, 'utf8')) as { version: string; addedLibraries: string[] });
  }
  await tool(aptGet, 'apt-get');
  await tool('dpkg-deb', 'dpkg-deb');
  mkdirSync(cacheDir, { recursive: true });
  // Built in a folder of its own and renamed at the end: an interrupted install is never taken for a finished one.
  const staging = mkdtempSync(join(cacheDir, 'staging-'));
  try {
    const debs = join(staging, 'debs');
    mkdirSync(debs);
    options.log?.(`peer: downloading ${KANNEL_PACKAGES.join(', ')} with apt-get download`);
    await download(aptGet, [...KANNEL_PACKAGES], debs, "Debian's Kannel packages");
    const files = () => readdirSync(debs).filter((f) => f.endsWith('.deb'));
    const missing = new Set<string>();
    for (const deb of files()) {
      const { stdout } = await run('dpkg-deb', ['-f', join(debs, deb), 'Depends']);
      for (const alternatives of libraryDependencies(stdout)) {
        if ((await Promise.all(alternatives.map(installed))).some(Boolean)) continue;
        missing.add(alternatives[0]);
      }
    }
    const addedLibraries = [...missing].sort();
    if (addedLibraries.length > 0) {
      options.log?.(
        `peer: downloading the libraries Kannel needs and this machine lacks: ${addedLibraries.join(', ')}`,
      );
      await download(aptGet, addedLibraries, debs, "the libraries Kannel's packages depend on");
    }
    const unpacked = join(staging, 'root');
    for (const deb of files()) await run('dpkg-deb', ['-x', join(debs, deb), unpacked]);
    const { stdout: version } = await run('dpkg-deb', [
      '-f',
      join(
        debs,
        files().find((f) => f.startsWith('kannel_'))!,
      ),
      'Version',
    ]);
    const info = { version: version.trim(), addedLibraries };
    const install = installFrom(unpacked, info);
    const notFound = new Set<string>();
    for (const binary of [install.bearerbox, install.smsbox, install.fakesmsc]) {
      if (!existsSync(binary)) throw new KannelUnavailable(`--peer kannel: the packages hold no ${binary}`);
      const { stdout } = await run('ldd', [binary], { env: install.env });
      for (const m of stdout.matchAll(/^\s*(\S+) => not found/gm)) notFound.add(m[1]);
    }
    if (notFound.size > 0) {
      throw new KannelUnavailable(
        `--peer kannel: Kannel's binaries need libraries that are neither on this machine nor in the packages ` +
          `downloaded: ${[...notFound].join(', ')} (install the packages that hold them, or run without --peer)`,
      );
    }
    // Another run may have finished the same install meanwhile: its folder may be in use, keep it.
    if (existsSync(ready) && existsSync(join(root, 'usr/sbin/bearerbox'))) {
      return installFrom(
        root,
        JSON.parse(readFileSync(ready, 'utf8')) as { version: string; addedLibraries: string[] },
      );
    }
    rmSync(root, { recursive: true, force: true });
    renameSync(unpacked, root);
    writeFileSync(ready, JSON.stringify(info));
    return installFrom(root, info);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export interface KannelPorts {
  admin: number;
  smsbox: number;
  sendsms: number;
  smsc: number;
}

/**
 * bearerbox with its store file (every accepted message is written to it before sendsms answers, as
 * the gateway commits each one to PostgreSQL before its 202; Kannel flushes it to the operating
 * system but does not fsync it), one smsbox, one fake SMSC, everything on
 * 127.0.0.1. Logs at warning level: Kannel as one would run it for volume, not slowed by its debug log.
 */
export function kannelConfig(ports: KannelPorts, dirs: { logs: string; store: string }): string {
  return `# written by npm run bench -- --peer kannel (bench/kannel.ts)
group = core
admin-port = ${ports.admin}
admin-interface = 127.0.0.1
admin-password = bench
admin-deny-ip = "*.*.*.*"
admin-allow-ip = "127.0.0.1"
smsbox-port = ${ports.smsbox}
smsbox-interface = 127.0.0.1
box-deny-ip = "*.*.*.*"
box-allow-ip = "127.0.0.1"
log-file = "${join(dirs.logs, 'bearerbox.log')}"
log-level = 2
store-type = file
store-location = "${join(dirs.store, 'kannel.store')}"

# The fake SMSC: bearerbox listens, kannel-extras' fakesmsc connects and prints each message it gets.
group = smsc
smsc = fake
smsc-id = fake
port = ${ports.smsc}
connect-allow-ip = "127.0.0.1"

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = ${ports.smsbox}
sendsms-port = ${ports.sendsms}
sendsms-interface = 127.0.0.1
log-file = "${join(dirs.logs, 'smsbox.log')}"
log-level = 2

group = sendsms-user
username = bench
password = bench
max-messages = 1

# smsbox wants a service for messages from the SMSC; the bench sends none.
group = sms-service
keyword = default
catch-all = true
text = "ok"
`;
}

/**
 * Counts the messages fakesmsc prints as it receives them: at its default (debug) verbosity it
 * writes `Got message N: <from to text ...>` to stderr for each one (kannel gw/test/fakesmsc.c).
 * Counted across chunk boundaries without splitting lines: about 100 bytes per message.
 */
export class FakeSmscCounter {
  private static readonly MARK = Buffer.from('Got message ');
  private carry = Buffer.alloc(0);
  received = 0;
  lastAt = 0;
  /** fakesmsc's own count, from the line it prints when it stops. */
  reported: number | undefined;
  private readonly tail: string[] = [];

  feed(chunk: Buffer, now = Date.now()): void {
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    let from = 0;
    let found = 0;
    for (let i = data.indexOf(FakeSmscCounter.MARK, from); i !== -1; i = data.indexOf(FakeSmscCounter.MARK, from)) {
      found++;
      from = i + FakeSmscCounter.MARK.length;
    }
    // A mark cut by the chunk's end is counted with the next chunk.
    const keep = Math.max(from, data.length - (FakeSmscCounter.MARK.length - 1));
    this.carry = Buffer.from(data.subarray(keep));
    if (found > 0) {
      this.received += found;
      this.lastAt = now;
    }
    // The last lines, for error messages; and fakesmsc's summary when it stops.
    const text = chunk.toString('latin1');
    const summary = /fakesmsc: (\d+) messages sent and (\d+) received/.exec(text);
    if (summary) this.reported = Number(summary[2]);
    const lines = text.split('\n').filter(Boolean);
    this.tail.push(...lines.slice(-20));
    if (this.tail.length > 40) this.tail.splice(0, this.tail.length - 20);
  }

  lastLines(): string {
    return this.tail.slice(-20).join('\n');
  }
}

/** The `SMS:` and fake SMSC lines of bearerbox's status.txt, parsed. */
export function parseStatus(text: string): { smscOnline: boolean; sent: number | null; queued: number | null } {
  const sms = /SMS: received \d+ \(\d+ queued\), sent (\d+) \((\d+) queued\)/.exec(text);
  return {
    smscOnline: /fake\[fake\]\s+FAKE:\d+ \(online/.test(text),
    sent: sms ? Number(sms[1]) : null,
    queued: sms ? Number(sms[2]) : null,
  };
}

export interface PeerCpu {
  seconds: number;
  bearerbox: number | null;
  smsbox: number | null;
  fakesmsc: number | null;
  loadTool: number | null;
  machine: number | null;
  machineCores: number;
}

export interface KannelResult {
  name: 'kannel';
  version: string;
  addedLibraries: string[];
  setup: string;
  connections: number;
  path: string;
  warmupS: number;
  load: {
    durationS: number;
    requests2xx: number;
    non2xx: number;
    errors: number;
    timeouts: number;
    statusCodes: Record<string, number>;
    /** 2xx ÷ the load's duration: every 2xx is one message Kannel took (written to its store). */
    ingestPerS: number;
    latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  };
  /** The answer to one sendsms before the load (status and body). */
  sanity: { status: number; body: string };
  /** Messages fakesmsc received from the load's start on (requests in flight at its end included). */
  delivered: number;
  /** Messages fakesmsc received in the whole run as counted here (the first message and the warm-up's included)… */
  receivedTotal: number;
  /** …and as fakesmsc itself reported when it stopped: the two agree unless the count is wrong. */
  fakesmscReported: number | null;
  drained: boolean;
  drainWaitS: number;
  /** From the load's start to the last message fakesmsc received. */
  windowS: number;
  /** delivered ÷ windowS: end to end, sendsms to the SMSC. */
  e2ePerS: number;
  /** bearerbox's status.txt after the drain: messages sent to the SMSC and still queued. */
  bearerbox: { sent: number | null; queued: number | null };
  cpu: PeerCpu | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round1 = (n: number) => Math.round(n * 10) / 10;

async function listening(port: number, proc: Proc, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!proc.running) throw new Error(`${proc.describeExit()} before it listened on ${port}:\n${proc.lastLines()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${proc.name} did not listen on ${port} within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** One of Kannel's processes: its stderr's last lines kept for error messages. */
class Proc {
  private readonly tail: string[] = [];
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly exited: Promise<void>;
  /** Once its stderr is closed too: 'exit' may come before the last lines were read. */
  readonly closed: Promise<void>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    onStderr?: (chunk: Buffer) => void,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve();
      });
      // A binary that cannot be started never exits: its error stands for the exit.
      child.once('error', (error) => {
        this.tail.push(String(error));
        this.exitInfo ??= { code: null, signal: null };
        resolve();
      });
    });
    this.closed = new Promise((resolve) => child.once('close', () => resolve()));
    child.stderr?.on('data', (chunk: Buffer) => {
      if (onStderr) onStderr(chunk);
      else {
        this.tail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        if (this.tail.length > 40) this.tail.splice(0, this.tail.length - 20);
      }
    });
  }

  get running(): boolean {
    return this.exitInfo === undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  describeExit(): string {
    const e = this.exitInfo ?? { code: this.child.exitCode, signal: this.child.signalCode };
    return `${this.name} exited (${e.signal ? `signal ${e.signal}` : `code ${e.code}`})`;
  }

  lastLines(): string {
    return this.tail.slice(-20).join('\n');
  }

  /** Sends `signal` to the process's group (see KannelPeer.spawn); a group already gone is no error. */
  signalGroup(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // ESRCH: nothing left in the group
    }
  }

  /**
   * `signal` to the group, SIGKILL after `graceMs`; resolves once the process is gone, and then
   * SIGKILLs whatever is left of its group: a box that lost bearerbox forks a copy of itself to
   * restart ("Bearerbox is gone, restarting"), which would outlive the run.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000): Promise<void> {
    if (this.running) {
      this.signalGroup(signal);
      const timer = setTimeout(() => this.signalGroup('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    this.signalGroup('SIGKILL');
  }
}

function cpuSnapshot(pids: Record<'bearerbox' | 'smsbox' | 'fakesmsc' | 'loadTool', number | undefined>) {
  return {
    at: performance.now(),
    ticks: Object.fromEntries(
      Object.entries(pids).map(([name, pid]) => [name, pid === undefined ? undefined : processTicks(pid)]),
    ) as Record<keyof typeof pids, number | undefined>,
    machine: machineTicks(),
  };
}

function cpuBetween(
  a: ReturnType<typeof cpuSnapshot> | undefined,
  b: ReturnType<typeof cpuSnapshot> | undefined,
  cores: number,
): PeerCpu | null {
  if (!a || !b) return null;
  const seconds = (b.at - a.at) / 1000;
  const percent = (name: keyof typeof a.ticks) => {
    const start = a.ticks[name];
    const end = b.ticks[name];
    return start === undefined || end === undefined
      ? null
      : Math.round(((end - start) / TICKS_PER_SECOND / seconds) * 100);
  };
  const total = b.machine.total - a.machine.total;
  return {
    seconds: round1(seconds),
    bearerbox: percent('bearerbox'),
    smsbox: percent('smsbox'),
    fakesmsc: percent('fakesmsc'),
    loadTool: percent('loadTool'),
    machine: total > 0 ? Math.round(((b.machine.busy - a.machine.busy) / total) * cores * 100) : null,
    machineCores: cores,
  };
}

function tryCpu<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined; // no /proc: the CPU columns stay empty
  }
}

export const KANNEL_SETUP =
  'Kannel from the Debian packages: one bearerbox with store-type file (each message is appended to the ' +
  'store file and flushed to the operating system, without fsync, before bearerbox acknowledges it to smsbox, ' +
  'which then answers sendsms), one smsbox (sendsms, HTTP/1.1 keep-alive) and kannel-extras’ fakesmsc as the ' +
  'SMSC, all on 127.0.0.1; logs at warning level. Load from the same autocannon, connections and duration as ' +
  "the gateway's single scenario: GET /cgi-bin/sendsms, one message per request.";

/**
 * Runs Kannel (bearerbox, smsbox, fakesmsc) and loads its sendsms. `stop()` ends every process it
 * started, also halfway through `run()` (the bench's cleanup on an error or Ctrl-C).
 */
export class KannelPeer {
  private readonly procs: Proc[] = [];
  private load: autocannon.Instance | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly install: KannelInstall,
    /** Where kannel.conf and the boxes' logs go (kept after the run). */
    private readonly logDir: string,
  ) {}

  /** Process ids of the running boxes (for tests that check nothing is left behind). */
  get pids(): number[] {
    return this.procs.map((p) => p.child.pid).filter((pid): pid is number => pid !== undefined);
  }

  private spawn(name: string, command: string, args: string[], onStderr?: (chunk: Buffer) => void): Proc {
    // Once stop() has begun, nothing new starts (it would outlive the cleanup).
    if (this.stopping) throw new Error('the Kannel peer was stopped');
    const proc = new Proc(
      name,
      // Its own process group, so that stop() reaches the copies a box forks of itself.
      spawn(command, args, { env: this.install.env, stdio: ['ignore', 'ignore', 'pipe'], detached: true }),
      onStderr,
    );
    this.procs.push(proc);
    return proc;
  }

  async run(options: {
    connections: number;
    durationS: number;
    warmupS: number;
    drainTimeoutS: number;
    log?: (line: string) => void;
  }): Promise<KannelResult> {
    const log = options.log ?? (() => undefined);
    mkdirSync(this.logDir, { recursive: true });
    const store = mkdtempSync(join(tmpdir(), 'smsgw-bench-kannel-store-'));
    try {
      const ports: KannelPorts = {
        admin: await freePort(),
        smsbox: await freePort(),
        sendsms: await freePort(),
        smsc: await freePort(),
      };
      const conf = join(this.logDir, 'kannel.conf');
      writeFileSync(conf, kannelConfig(ports, { logs: this.logDir, store }));
      const status = async () => {
        const res = await fetch(`http://127.0.0.1:${ports.admin}/status.txt?password=bench`, {
          signal: AbortSignal.timeout(5000),
        });
        return parseStatus(await res.text());
      };

      // -v 2: warnings and worse on stderr; at the default (debug) the boxes log every message.
      const bearerbox = this.spawn('bearerbox', this.install.bearerbox, ['-v', '2', conf]);
      await listening(ports.admin, bearerbox);
      await listening(ports.smsbox, bearerbox);
      const smsbox = this.spawn('smsbox', this.install.smsbox, ['-v', '2', conf]);
      await listening(ports.sendsms, smsbox);
      // -m 0: it sends nothing of its own, and prints each message bearerbox hands it (see FakeSmscCounter).
      const counter = new FakeSmscCounter();
      const fakesmsc = this.spawn(
        'fakesmsc',
        this.install.fakesmsc,
        ['-H', '127.0.0.1', '-r', String(ports.smsc), '-m', '0', '123 456 text unused'],
        (chunk) => counter.feed(chunk),
      );
      const onlineBy = Date.now() + 15_000;
      while (!(await status()).smscOnline) {
        if (!fakesmsc.running) throw new Error(`${fakesmsc.describeExit()}:\n${counter.lastLines()}`);
        if (Date.now() > onlineBy) throw new Error(`the fake SMSC was not online within 15 s:\n${counter.lastLines()}`);
        await sleep(100);
      }

      // One message first: Kannel must take it and the fake SMSC get it, or the numbers mean nothing.
      const url = `http://127.0.0.1:${ports.sendsms}${SENDSMS_PATH}`;
      const first = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      const sanity = { status: first.status, body: (await first.text()).trim() };
      if (sanity.status !== 202 || !sanity.body.startsWith('0: Accepted')) {
        throw new Error(
          `Kannel's sendsms answered ${sanity.status} ${JSON.stringify(sanity.body)}, not 202 "0: Accepted for delivery"`,
        );
      }
      await this.waitFor(
        () => counter.received >= 1,
        10_000,
        () => `the fake SMSC did not get the first message:\n${counter.lastLines()}`,
      );

      // A box that died makes every number after it meaningless: the run stops with its last words.
      const allRunning = () => {
        const gone = [bearerbox, smsbox, fakesmsc].find((p) => !p.running);
        if (gone) {
          throw new Error(
            `${gone.describeExit()} during the run:\n${gone === fakesmsc ? counter.lastLines() : gone.lastLines()}`,
          );
        }
      };
      const drain = async (expected: number, timeoutS: number) => {
        // Done when the count is reached and nothing more came for half a second (requests in flight
        // when the load stopped were taken too); bounded by the drain timeout.
        const started = Date.now();
        const deadline = started + timeoutS * 1000;
        for (;;) {
          allRunning();
          const reached = counter.received >= expected;
          if ((reached && Date.now() - counter.lastAt > 500) || Date.now() >= deadline) {
            return { drained: reached, waitS: (Date.now() - started) / 1000 };
          }
          await sleep(100);
        }
      };

      const drive = async (durationS: number) => {
        this.load = autocannon({
          url,
          connections: options.connections,
          pipelining: 1,
          duration: durationS,
          timeout: 10,
          method: 'GET',
        });
        try {
          const result = await this.load;
          // Stopped from outside (the bench's cleanup): a cut-short load is no result.
          if (this.stopping) throw new Error('the Kannel peer was stopped during its load');
          return result;
        } finally {
          this.load = undefined;
        }
      };

      if (options.warmupS > 0) {
        log(`peer: Kannel warm-up, ${options.warmupS} s of sendsms`);
        const before = counter.received;
        const warm = await drive(options.warmupS);
        await drain(before + warm['2xx'], options.drainTimeoutS);
      }

      log(`peer: Kannel sendsms, ${options.connections} connections, ${options.durationS} s`);
      const cores = cpus().length;
      const pids = {
        bearerbox: bearerbox.child.pid,
        smsbox: smsbox.child.pid,
        fakesmsc: fakesmsc.child.pid,
        loadTool: process.pid,
      };
      const baseline = counter.received;
      const cpuStart = tryCpu(() => cpuSnapshot(pids));
      const startedAt = Date.now();
      const result = await drive(options.durationS);
      const cpuEnd = tryCpu(() => cpuSnapshot(pids));
      const accepted = result['2xx'];
      const drained = await drain(baseline + accepted, options.drainTimeoutS);
      const delivered = counter.received - baseline;
      const windowS = delivered > 0 ? (counter.lastAt - startedAt) / 1000 : 0;
      const after = await status();

      // SIGINT: fakesmsc's own way out, after which it prints how many it received (a check on the count).
      await fakesmsc.stop('SIGINT');
      await Promise.race([fakesmsc.closed, sleep(2000)]);
      const statusCodes: Record<string, number> = {};
      for (const [code, { count }] of Object.entries(result.statusCodeStats)) statusCodes[code] = count;
      return {
        name: 'kannel',
        version: this.install.version,
        addedLibraries: this.install.addedLibraries,
        setup: KANNEL_SETUP,
        connections: options.connections,
        path: SENDSMS_PATH,
        warmupS: options.warmupS,
        load: {
          durationS: result.duration,
          requests2xx: accepted,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodes,
          ingestPerS: result.duration > 0 ? round1(accepted / result.duration) : 0,
          latencyMs: {
            mean: result.latency.mean,
            p50: result.latency.p50,
            p90: result.latency.p90,
            p99: result.latency.p99,
            max: result.latency.max,
          },
        },
        sanity,
        delivered,
        receivedTotal: counter.received,
        fakesmscReported: counter.reported ?? null,
        drained: drained.drained,
        drainWaitS: round1(drained.waitS),
        windowS: round1(windowS),
        e2ePerS: windowS > 0 ? round1(delivered / windowS) : 0,
        bearerbox: { sent: after.sent, queued: after.queued },
        cpu: cpuBetween(cpuStart, cpuEnd, cores),
      };
    } finally {
      await this.stop();
      rmSync(store, { recursive: true, force: true });
    }
  }

  private async waitFor(done: () => boolean, timeoutMs: number, why: () => string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(why());
      await sleep(50);
    }
  }

  /** Stops the load and every box: the fake SMSC and smsbox first, then bearerbox. Runs once. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.load?.stop();
      for (const proc of [...this.procs].reverse()) await proc.stop(proc.name === 'fakesmsc' ? 'SIGINT' : 'SIGTERM');
    })();
    return this.stopping;
  }

  /** Last resort on a synchronous exit path (a second Ctrl-C): no waiting. */
  killNow(): void {
    for (const proc of this.procs) proc.signalGroup('SIGKILL');
  }
}
