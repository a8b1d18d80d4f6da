// `npm start`: check services, create and migrate the database, start api + worker, pair the demo
// phones, print where everything is (DESIGN.md §8). With API_PROCESSES > 1 this file is also what
// the primary forks: the children take the first branch of main().
import '../tracing.js';
import { ConfigError, loadConfig } from '@/config/app-config.js';
import { processKind } from '@/cluster/ipc.js';
import { printBanner } from './banner.js';
import { describeProblems, preflight } from './preflight.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env, { DEMO_PHONES: process.env.DEMO_PHONES ?? '2' });
  const kind = processKind(config);
  // Imported by the processes that run them: a cluster's primary never loads Nest and the app.
  // The worker's process pairs the demo phones (it has the role the phones work for).
  if (kind === 'child') return (await import('@/cluster/child.js')).runClusterChild(config, { demoFleet: true });
  const problems = await preflight(config.DATABASE_URL, config.REDIS_URL);
  if (problems.length > 0) {
    console.error(`The gateway needs PostgreSQL and Redis.\n${describeProblems(problems)}`);
    process.exit(69); // EX_UNAVAILABLE
  }
  if (kind === 'primary') {
    const { ClusterPrimary } = await import('@/cluster/primary.js');
    const up = await new ClusterPrimary(config).start();
    printBanner(config, up, up.phones);
    return;
  }
  const { startGateway } = await import('@/bootstrap.js');
  const { startDemoFleet } = await import('./demo-fleet.js');
  const gateway = await startGateway(config);
  const fleet =
    gateway.url && config.has('worker')
      ? await startDemoFleet(gateway.app, gateway.url, config.DEMO_PHONES, config.DEMO_DELIVERY_MS)
      : { phones: [], stop: () => Promise.resolve() };
  printBanner(config, gateway, fleet.phones);
  const stop = () => {
    fleet.stop().catch(() => undefined);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  console.error('The gateway could not start:', error);
  process.exit(1);
});
