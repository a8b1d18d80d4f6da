// The bench's phones: N headless agents (the real agent core, simulated SIMs, delivery delay 0, no
// phone-side throttle) in one process, apart from the gateway so their CPU is measured on its own.
//   node dist/bench/agents.js <server-url> <pairing-code>...
// Prints one line `READY {"deviceIds": [...]}` once every agent is paired and connected; stops
// them and exits on SIGTERM/SIGINT, or when its stdin closes (the bench died).
import { startHeadlessAgent, type HeadlessAgent } from '@sms-gateway/android-agent/headless';
import { AGENTS_READY_PREFIX } from './children.js';

async function main(): Promise<void> {
  const [server, ...codes] = process.argv.slice(2);
  if (!server || codes.length === 0) {
    console.error('usage: node dist/bench/agents.js <server-url> <pairing-code>...');
    process.exit(64);
  }

  const agents: HeadlessAgent[] = [];
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    // Bounded: the parent SIGKILLs us anyway if this hangs.
    void Promise.allSettled(agents.map((a) => a.stop())).then(() => process.exit(code));
  };
  process.once('SIGTERM', () => stop(0));
  process.once('SIGINT', () => stop(0));
  process.stdin.on('end', () => stop(0));
  process.stdin.resume();

  // Pair one after the other: a burst of pairings is not what is being measured.
  for (const code of codes) {
    agents.push(await startHeadlessAgent({ server, code, deliveryMs: 0, maxPerMinute: 0, sims: 1 }));
    if (stopping) return;
  }
  process.stdout.write(`${AGENTS_READY_PREFIX}${JSON.stringify({ deviceIds: agents.map((a) => a.deviceId) })}\n`);
}

main().catch((error: unknown) => {
  console.error('the bench agents could not start:', error);
  process.exit(1);
});
