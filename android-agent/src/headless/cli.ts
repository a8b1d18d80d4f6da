#!/usr/bin/env node
import { AgentError } from '../lib/agent.js';
import { PairingError } from '../lib/pairing.js';
import { CliUsageError, parseAgentArgs, USAGE, type ParsedCli } from './args.js';
import { jsonLineLogger, startHeadlessAgent, type HeadlessAgent } from './index.js';
import { startAgentTracing } from './tracing.js';

/** Exit codes: 0 stopped by a signal, 1 refused or failed at run time, 2 bad command line. */
async function main(): Promise<void> {
  let parsed: ParsedCli;
  try {
    parsed = parseAgentArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`${error.toString()}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return;
  }

  const logger = jsonLineLogger();
  const stopTracing = await startAgentTracing();
  let handle: HeadlessAgent | undefined;
  let stopping = false;
  const shutdown = (code: number): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    void (handle?.stop() ?? Promise.resolve()).then(stopTracing).finally(() => process.exit(code));
  };
  process.once('SIGINT', () => shutdown(0));
  process.once('SIGTERM', () => shutdown(0));

  try {
    handle = await startHeadlessAgent({ ...parsed.args, logger });
  } catch (error) {
    process.stderr.write(`${describe(error)}\n`);
    process.exit(1);
  }
  if (stopping) {
    // A signal arrived while connecting.
    await handle.stop();
    return;
  }
  handle.agent.on('fatal', (error) => {
    process.stderr.write(`${describe(error)}\n`);
    shutdown(1);
  });
  process.stdout.write(
    `${JSON.stringify({
      event: 'ready',
      deviceId: handle.deviceId,
      ...(handle.controlPort !== undefined ? { controlPort: handle.controlPort } : {}),
    })}\n`,
  );
}

function describe(error: unknown): string {
  if (error instanceof AgentError || error instanceof PairingError) {
    return `error ${error.code}: ${error.message}`;
  }
  return `error AGENT_FAILED: ${error instanceof Error ? error.message : String(error)}`;
}

main().catch((error: unknown) => {
  process.stderr.write(`${describe(error)}\n`);
  process.exit(1);
});
