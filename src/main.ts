// Tracing first: OpenTelemetry must patch modules before anything else loads them.
import './tracing.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { startGateway } from './bootstrap.js';
import { printBanner } from './cli/banner.js';
import { runClusterChild } from './cluster/child.js';
import { processKind } from './cluster/ipc.js';
import { ClusterPrimary } from './cluster/primary.js';

async function main(): Promise<void> {
  const config = loadConfig();
  switch (processKind(config)) {
    case 'child':
      return runClusterChild(config, { demoFleet: false });
    case 'primary':
      printBanner(config, await new ClusterPrimary(config).start());
      return;
    case 'single':
      printBanner(config, await startGateway(config));
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  console.error('The gateway could not start:', error);
  process.exit(1);
});
