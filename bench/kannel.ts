// `npm run bench -- --peer kannel` (issue 18): Kannel, the C gateway people pick for volume, measured
// the same way in the same run. Debian's `kannel` and `kannel-extras` packages (bearerbox, smsbox and
// the fake SMSC) are downloaded with `apt-get download` and unpacked into a folder of their own (no
// root, nothing installed system-wide), with the libraries they need beside them.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort } from './children.js';

/** The packages, and the libraries of theirs a bare machine may lack. */
const PACKAGES = ['kannel', 'kannel-extras', 'libhiredis0.14', 'libct4', 'libpcre3'];
const CACHE = join(tmpdir(), 'smsgw-bench-kannel');

export interface PeerResult {
  name: 'kannel';
  version: string;
  connections: number;
  durationS: number;
  requestsPerS: number;
  latencyMs: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  /** Messages the fake SMSC received, over the time from the first request to the last one it got. */
  endToEndPerS: number;
  accepted: number;
  delivered: number;
}

function unpack(): { root: string; env: NodeJS.ProcessEnv } {
  const root = join(CACHE, 'root');
  const bearerbox = join(root, 'usr/sbin/bearerbox');
  if (!existsSync(bearerbox)) {
    rmSync(CACHE, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    try {
      execFileSync('apt-get', ['download', ...PACKAGES], { cwd: CACHE, stdio: 'pipe', timeout: 120_000 });
    } catch (error) {
      throw new Error(
        `--peer kannel downloads Debian's ${PACKAGES.join(', ')} packages with apt-get download, which failed: ` +
          `${(error as { stderr?: Buffer }).stderr?.toString().trim() ?? String(error)}`,
        { cause: error },
      );
    }
    for (const deb of readdirSync(CACHE).filter((f) => f.endsWith('.deb'))) {
      execFileSync('dpkg-deb', ['-x', join(CACHE, deb), root]);
    }
  }
  const libs = [join(root, 'usr/lib/x86_64-linux-gnu'), join(root, 'lib/x86_64-linux-gnu')];
  const env = { ...process.env, LD_LIBRARY_PATH: [...libs, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') };
  return { root, env };
}

async function listening(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`Kannel did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stop(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
  await once(proc, 'exit');
  clearTimeout(timer);
}

/**
 * Kannel's bearerbox (with its store file, as a durable setup runs it), smsbox and the fake SMSC
 * from kannel-extras, all on 127.0.0.1; `sendsms` driven by the same load tool (autocannon), the
 * same connections and the same duration as the gateway's single-send scenario.
 */
export async function runKannel(options: {
  connections: number;
  durationS: number;
  drainTimeoutS: number;
}): Promise<PeerResult> {
  const { root, env } = unpack();
  const work = join(CACHE, `run-${process.pid}`);
  mkdirSync(work, { recursive: true });
  const [admin, smsboxPort, sendsms, smsc] = [await freePort(), await freePort(), await freePort(), await freePort()];
  writeFileSync(
    join(work, 'kannel.conf'),
    `group = core
admin-port = ${admin}
admin-password = bench
smsbox-port = ${smsboxPort}
box-allow-ip = "127.0.0.1"
log-file = "${join(work, 'bearerbox.log')}"
log-level = 4
store-type = file
store-location = "${join(work, 'kannel.store')}"

group = smsc
smsc = fake
smsc-id = fake
port = ${smsc}
connect-allow-ip = "127.0.0.1"

group = smsbox
bearerbox-host = 127.0.0.1
sendsms-port = ${sendsms}
log-file = "${join(work, 'smsbox.log')}"
log-level = 4

group = sendsms-user
username = bench
password = bench
max-messages = 1

group = sms-service
keyword = default
catch-all = true
text = "ok"
`,
  );
  const procs: ChildProcess[] = [];
  let received = 0;
  let lastReceivedAt = 0;
  try {
    const version =
      execFileSync(join(root, 'usr/sbin/bearerbox'), ['--version'], { env })
        .toString()
        .match(/version `([^']+)'/)?.[1] ?? 'unknown';
    const bearerbox = spawn(join(root, 'usr/sbin/bearerbox'), [join(work, 'kannel.conf')], { env, stdio: 'ignore' });
    procs.push(bearerbox);
    await listening(admin);
    const smsbox = spawn(join(root, 'usr/sbin/smsbox'), [join(work, 'kannel.conf')], { env, stdio: 'ignore' });
    procs.push(smsbox);
    await listening(sendsms);
    // The fake SMSC connects to bearerbox's fake-SMSC port; -m 0: it sends nothing itself and
    // prints each message bearerbox hands it.
    const fake = spawn(
      join(root, 'usr/lib/kannel/test/fakesmsc'),
      ['-H', '127.0.0.1', '-r', String(smsc), '-i', '1', '-m', '0', '123 456 text bench'],
      { env, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    procs.push(fake);
    fake.stdout.setEncoding('utf8');
    let partial = '';
    fake.stdout.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (/Got message/i.test(line)) {
          received += 1;
          lastReceivedAt = Date.now();
        }
      }
    });
    // Give the fake SMSC a moment to bind.
    await new Promise((r) => setTimeout(r, 1500));
    const path = '/cgi-bin/sendsms?username=bench&password=bench&from=12345&to=4915123456789&text=bench+message';
    const startedAt = Date.now();
    const result = await autocannon({
      url: `http://127.0.0.1:${sendsms}${path}`,
      connections: options.connections,
      pipelining: 1,
      duration: options.durationS,
      timeout: 10,
      method: 'GET',
    });
    const accepted = result['2xx'];
    const deadline = Date.now() + options.drainTimeoutS * 1000;
    while (received < accepted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const seconds = ((lastReceivedAt || Date.now()) - startedAt) / 1000;
    return {
      name: 'kannel',
      version,
      connections: options.connections,
      durationS: result.duration,
      requestsPerS: Math.round(result.requests.average),
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
      non2xx: result.non2xx,
      errors: result.errors,
      endToEndPerS: seconds > 0 ? Math.round(received / seconds) : 0,
      accepted,
      delivered: received,
    };
  } finally {
    for (const proc of procs.reverse()) await stop(proc);
    rmSync(work, { recursive: true, force: true });
  }
}
