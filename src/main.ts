// Tracing first: OpenTelemetry must patch modules before anything else loads them.
import './tracing.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { startGateway } from './bootstrap.js';
import { printBanner } from './cli/banner.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const gateway = await startGateway(config);
  printBanner(config, gateway);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  console.error('The gateway could not start:', error);
  process.exit(1);
});
