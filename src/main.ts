// Tracing first: OpenTelemetry must patch modules before anything else loads them.
import './tracing.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { printBanner } from './cli/banner.js';
import { processKind } from './cluster/ipc.js';

async function main(): Promise<void> {
  const config = loadConfig();
  // Imported by the processes that run them: a cluster's primary never loads Nest and the app.
  switch (processKind(config)) {
    case 'child': {
      const { runClusterChild } = await import('./cluster/child.js');
      return runClusterChild(config, { demoFleet: false });
    }
    case 'primary': {
      const { ClusterPrimary } = await import('./cluster/primary.js');
      printBanner(config, await new ClusterPrimary(config).start());
      return;
    }
    case 'single': {
      const { startGateway } = await import('./bootstrap.js');
      printBanner(config, await startGateway(config));
    }
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
